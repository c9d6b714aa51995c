#!/usr/bin/env bash
# Runs the Python reader's tests (pytest) with the first python3 that has numpy and pytest. Without one, says so
# and skips them (exit 0): the Java build does not depend on Python being set up. .ci/run installs both.
# Usage: python/run-tests.sh [pytest args...]   (DESKDUP_JAR points at the CLI jar; mvn verify sets it)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for py in "${PYTHON:-}" python3 /usr/bin/python3; do
  if [[ -n "$py" ]] && command -v "$py" >/dev/null 2>&1 && "$py" -c 'import numpy, pytest' 2>/dev/null; then
    echo "python tests: $("$py" -c 'import sys, numpy, pytest; print(sys.executable, sys.version.split()[0], "numpy", numpy.__version__, "pytest", pytest.__version__)')"
    cd "$here" && exec "$py" -m pytest tests -rs "$@"
  fi
done
echo "SKIPPED python tests (python/tests): no python3 with numpy and pytest found; install them (Debian: apt-get install python3-numpy python3-pytest) to run them" >&2
exit 0
