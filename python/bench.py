"""Benchmarks of the Python reader against a real producer (deskdup share, synthetic source), side by side in one run.

    python3 python/bench.py [--jar deskdup-cli/target/deskdup-cli.jar] [--size 1920x1080] [--seconds 5]

1. view vs copy: time from "a newer frame is published" to holding its NumPy view (lease + view; 0 bytes copied:
   the array's buffer is the ring's mapping) vs numpy.copy of that view.
2. producer-to-reader latency: now (time.monotonic_ns) minus the frame's capture timestamp, when the reader has it.
3. frames/s seen by 1, 4 and 8 reader processes at once, and the producer's rate with each (vs none).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import deskdup  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def start_producer(jar: str, name: str, size: str, readers: int) -> subprocess.Popen:
    java = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "java")
    p = subprocess.Popen([java, "-jar", jar, "share", "--name", name, "--source", "synthetic", "--screen-size", size,
                          "--readers", str(readers)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    for line in p.stdout:
        if line.startswith("read it:"):
            return p
    raise SystemExit("producer did not start")


def published(name: str) -> int:
    with open(deskdup.ring_path(name), "rb") as f:
        f.seek(384)
        return struct.unpack("<q", f.read(8))[0]


def pct(values, q):
    return float(np.percentile(np.asarray(values), q))


def view_vs_copy(name: str, n: int = 300):
    views, copies, lat = [], [], []
    with deskdup.Ring(name) as ring:
        ring.latest(timeout=5).release()
        gen = ring._gen
        for _ in range(n):
            last = ring._last_number
            while gen.latest() >> 16 <= last:  # wait (untimed) until a newer frame is out
                pass
            t0 = time.perf_counter_ns()
            frame = ring.latest(timeout=1)
            a = frame.array
            t1 = time.perf_counter_ns()
            lat.append(time.monotonic_ns() - frame.timestamp_ns)
            assert a.base is not None and not a.flags.owndata
            c = np.copy(a)
            t2 = time.perf_counter_ns()
            views.append((t1 - t0) / 1e3)
            copies.append((t2 - t1) / 1e3)
            del c
            frame.release()
    return views, copies, a.nbytes


def latency(name: str, seconds: float):
    lat = []
    with deskdup.Ring(name) as ring:
        end = time.monotonic() + seconds
        for frame in ring:
            lat.append((time.monotonic_ns() - frame.timestamp_ns) / 1e3)
            if time.monotonic() > end:
                break
    return lat


def count_frames(name: str, seconds: float, start, out):
    n = 0
    with deskdup.Ring(name) as ring:
        start.wait()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            f = ring.latest(timeout=0.1)
            if f is not None:
                n += 1
                f.release()
    out.put(n)


def readers_at_once(name: str, k: int, seconds: float):
    start = mp.Event()
    out = mp.Queue()
    procs = [mp.Process(target=count_frames, args=(name, seconds, start, out)) for _ in range(k)]
    for p in procs:
        p.start()
    time.sleep(1.0)  # all attached
    p0 = published(name)
    start.set()
    time.sleep(seconds)
    p1 = published(name)
    counts = [out.get(timeout=30) for _ in procs]
    for p in procs:
        p.join()
    return (p1 - p0) / seconds, [c / seconds for c in counts]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", default=str(ROOT / "deskdup-cli" / "target" / "deskdup-cli.jar"))
    ap.add_argument("--size", default="1920x1080")
    ap.add_argument("--seconds", type=float, default=5)
    args = ap.parse_args()
    name = f"bench-{os.getpid()}"
    prod = start_producer(args.jar, name, args.size, 8)
    try:
        views, copies, nbytes = view_vs_copy(name)
        print(f"1. {args.size}: NumPy view of a new frame (lease + view, 0 bytes copied): p50 {pct(views, 50):.1f} us, "
              f"p99 {pct(views, 99):.1f} us; numpy.copy of it ({nbytes} bytes): p50 {pct(copies, 50):.1f} us, "
              f"p99 {pct(copies, 99):.1f} us; ratio copy/view {pct(copies, 50) / pct(views, 50):.0f}x")
        lat = latency(name, args.seconds)
        print(f"2. {args.size}: producer-to-reader latency over {len(lat)} frames: p50 {pct(lat, 50):.0f} us, "
              f"p99 {pct(lat, 99):.0f} us")
        t0 = published(name)
        time.sleep(args.seconds)
        alone = (published(name) - t0) / args.seconds
        print(f"3. {args.size}: producer alone {alone:.1f} frames/s")
        for k in (1, 4, 8):
            rate, seen = readers_at_once(name, k, args.seconds)
            print(f"   {k} reader(s): producer {rate:.1f} frames/s ({100 * (rate / alone - 1):+.1f}% vs alone); "
                  f"each reader saw {min(seen):.1f}..{max(seen):.1f} frames/s")
    finally:
        prod.terminate()
        prod.wait(10)


if __name__ == "__main__":
    main()
