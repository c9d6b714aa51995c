"""Fixtures: a real producer (the deskdup CLI's shaded jar, `deskdup share`) in its own JVM process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the package beside tests/, installed or not

ROOT = Path(__file__).resolve().parents[2]


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    for candidate in sorted(Path("/usr/lib/jvm").glob("*25*/bin/java")):
        return str(candidate)
    return shutil.which("java") or "java"


def _jar() -> Path:
    return Path(os.environ.get("DESKDUP_JAR", ROOT / "deskdup-cli" / "target" / "deskdup-cli.jar"))


class Producer:
    """`deskdup share` running in a child process; stopped (normally) at the end of the test."""

    def __init__(self, name: str, *args: str) -> None:
        self.name = name
        self.process = subprocess.Popen([_java(), "-jar", str(_jar()), "share", "--name", name, *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line.rstrip())
            if line.startswith("read it:"):
                return
        self.stop()
        raise AssertionError("the producer did not start:\n" + "\n".join(self.lines))

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: the shutdown hook closes the ring normally
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        try:
            os.unlink(f"/dev/shm/deskdup-{self.name}")
        except FileNotFoundError:
            pass


@pytest.fixture
def ring_name() -> str:
    return "py-" + uuid.uuid4().hex[:12]


@pytest.fixture
def producer_factory(ring_name):
    if not _jar().exists():
        pytest.skip(f"needs the CLI jar {_jar()} (run 'mvn -B verify', which builds it and runs these tests)")
    made = []

    def start(*args: str, name: str = ring_name) -> Producer:
        p = Producer(name, *args)
        made.append(p)
        return p

    yield start
    for p in made:
        p.stop()


@pytest.fixture
def synthetic(producer_factory):
    """A producer of the checksummed synthetic pattern, 64x32, unpaced."""
    return producer_factory("--source", "synthetic", "--screen-size", "64x32", "--checksum", "--readers", "2")
