#!/usr/bin/env bash
# ./deskdup.sh: runs the deskdup command line (see README.md, or ./deskdup.sh --help). Named .sh because ./deskdup is
# the library's module directory.
# Finds a JDK >= 22, builds deskdup-cli/target/deskdup-cli.jar on first use (and again when a source is newer than
# the jar), then runs it. With no $DISPLAY the CLI itself falls back to a private Xvfb (as with --virtual).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jar="$root/deskdup-cli/target/deskdup-cli.jar"

# Major version of the java binary $1, or 0 if it does not run.
java_major() {
  local line
  line="$("$1" -version 2>&1 | head -n 1)" || { echo 0; return; }
  # 'openjdk version "25.0.1" ...' or 'java version "1.8.0_402"'
  line="${line#*version \"}"
  line="${line%%\"*}"
  case "$line" in
    1.*) line="${line#1.}" ;;
  esac
  line="${line%%[.+-]*}"
  if [[ "$line" =~ ^[0-9]+$ ]]; then echo "$line"; else echo 0; fi
}

find_jdk() {
  local candidate
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && (( $(java_major "$JAVA_HOME/bin/java") >= 22 )); then
    echo "$JAVA_HOME"; return 0
  fi
  # Newest first, so temurin-25 wins over an older 22.
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    candidate="${candidate%/}"
    if [[ -x "$candidate/bin/java" ]] && (( $(java_major "$candidate/bin/java") >= 22 )); then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if ! jdk="$(find_jdk)"; then
  echo "deskdup: no JDK 22 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable in /usr/lib/jvm);" \
       "install one, e.g. Temurin 25, and set JAVA_HOME to it" >&2
  exit 1
fi

# Build when the jar is missing or anything it is made of changed since.
needs_build() {
  [[ ! -f "$jar" ]] && return 0
  [[ -n "$(find "$root/pom.xml" "$root/deskdup/pom.xml" "$root/deskdup/src/main" \
              "$root/deskdup-cli/pom.xml" "$root/deskdup-cli/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]]
}

if needs_build; then
  if ! command -v mvn >/dev/null; then
    echo "deskdup: $jar is missing or stale and mvn is not on PATH; install Maven 3.8+ to build it" >&2
    exit 1
  fi
  echo "deskdup: building $jar ..." >&2
  log="$(mktemp)"
  if ! (cd "$root" && JAVA_HOME="$jdk" mvn -q -B -DskipTests package -pl deskdup-cli -am >"$log" 2>&1); then
    cat "$log" >&2
    rm -f "$log"
    echo "deskdup: the build failed (output above); fix it, or build by hand:" \
         "cd $root && JAVA_HOME=$jdk mvn -DskipTests package -pl deskdup-cli -am" >&2
    exit 1
  fi
  rm -f "$log"
fi

exec "$jdk/bin/java" --enable-native-access=ALL-UNNAMED -jar "$jar" "$@"
