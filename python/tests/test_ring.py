"""The Python reader against a real producer process (deskdup share): zero copy, no torn frames, lifecycle."""

from __future__ import annotations

import mmap
import os
import struct
import time

import numpy as np
import pytest

import deskdup


def intact(frame: deskdup.Frame) -> bool:
    """The synthetic checksum: pixel 0 = frame number, pixel 1 = sum (mod 2^32) of all other pixels as u32."""
    px = frame.array.view("<u4").reshape(frame.height, frame.width)
    total = int(px.sum(dtype=np.uint64)) - int(px[0, 1])
    return (total & 0xFFFFFFFF) == int(px[0, 1]) and int(px[0, 0]) == frame.number & 0xFFFFFFFF


def test_a_frame_is_a_read_only_view_of_the_mapping_not_a_copy(synthetic):
    with deskdup.Ring(synthetic.name) as ring:
        frame = ring.latest(timeout=5)
        a = frame.array
        assert a.shape == (32, 64, 4) and a.dtype == np.uint8
        assert not a.flags.writeable and not a.flags.owndata
        base = a
        while isinstance(base, (np.ndarray, memoryview)):
            base = base.base if isinstance(base, np.ndarray) else base.obj
        assert isinstance(base, mmap.mmap), f"the array's buffer is {type(base)}, not the ring's mapping"
        assert frame.array is a, "the same view each time: nothing is made per access"
        with pytest.raises(ValueError):
            a[0, 0, 0] = 1
        assert intact(frame)
        frame.release()


def test_no_torn_frame_over_100000_frames(synthetic):
    torn = 0
    frames = 0
    last = 0
    with deskdup.Ring(synthetic.name) as ring:
        for frame in ring:
            if not intact(frame):
                torn += 1
            assert frame.number > last
            last = frame.number
            frames += 1
            if frames == 100_000:
                break
        assert ring.frames_lost == 0
    assert torn == 0, f"{torn} torn frames of {frames}"


def test_a_released_frame_refuses_its_pixels_and_copy_keeps_them(synthetic):
    with deskdup.Ring(synthetic.name) as ring:
        frame = ring.latest(timeout=5)
        kept = frame.copy()
        assert kept.flags.writeable and kept.flags.owndata
        np.testing.assert_array_equal(kept, frame.array)
        assert frame.valid
        frame.release()
        assert not frame.valid
        with pytest.raises(RuntimeError, match="was released"):
            frame.array
        with pytest.raises(RuntimeError, match="already released"):
            frame.release()
        assert int(kept.view("<u4")[0, 0, 0]) == frame.number & 0xFFFFFFFF


def test_closing_the_ring_with_views_alive_neither_raises_nor_unmaps_them(synthetic):
    ring = deskdup.Ring(synthetic.name)
    frame = ring.latest(timeout=5)
    view = frame.array
    derived = view.reshape(-1)[8:16]  # a view of a view keeps the export alive too
    ring.close()  # mmap.close() would raise BufferError here; the ring leaves the mapping to the views
    assert view.sum() >= 0 and derived.sum() >= 0  # still mapped: no crash
    with pytest.raises(RuntimeError):
        frame.array
    del view, derived


def test_the_dirty_rects_number_timestamp_and_cursor_come_with_the_frame(synthetic):
    with deskdup.Ring(synthetic.name) as ring:
        with ring.latest(timeout=5) as frame:
            assert frame.dirty_rects == [(0, 0, 64, 32)]
            assert frame.number > 0
            assert 0 < frame.timestamp_ns <= time.monotonic_ns()
            assert frame.cursor == deskdup.Cursor(False, 0, 0)
            assert not frame.repeat


def test_latest_returns_none_on_timeout_when_no_newer_frame_comes(producer_factory):
    p = producer_factory("--source", "synthetic", "--screen-size", "16x8", "--fps", "2")
    with deskdup.Ring(p.name) as ring:
        assert ring.latest(timeout=5) is not None
        start = time.monotonic()
        assert ring.latest(timeout=0.05) is None
        assert time.monotonic() - start < 0.4


def test_a_killed_producer_ends_the_stream_with_an_error_within_one_second(synthetic):
    with deskdup.Ring(synthetic.name) as ring:
        ring.latest(timeout=5).release()
        synthetic.kill()
        killed = time.monotonic()
        with pytest.raises(deskdup.RingClosed, match=f"producer pid={synthetic.pid} is gone") as ended:
            for _ in ring:
                pass
        assert ended.value.producer_died
        assert time.monotonic() - killed < 1.0


def test_a_producer_that_ends_normally_ends_the_iteration(producer_factory):
    p = producer_factory("--source", "synthetic", "--screen-size", "16x8", "--fps", "200", "--frames", "100")
    count = 0
    with deskdup.Ring(p.name) as ring:
        for frame in ring:
            count += 1
    assert 0 < count <= 100


def test_a_full_reader_table_is_a_clear_error(producer_factory):
    p = producer_factory("--source", "synthetic", "--screen-size", "16x8", "--fps", "50", "--readers", "1")
    with deskdup.Ring(p.name):
        with pytest.raises(deskdup.RingFull, match="all readers=1 entries taken"):
            deskdup.Ring(p.name)


def test_an_incompatible_major_version_is_refused_naming_both(ring_name):
    path = deskdup.ring_path(ring_name)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
    try:
        os.write(fd, struct.pack("<Qi", deskdup.ring.MAGIC, 2 << 16 | 1).ljust(8192, b"\0"))
        with pytest.raises(deskdup.RingFormatError, match=r"layout version=2\.1 but this reader understands 1\.x"):
            deskdup.Ring(ring_name)
    finally:
        os.close(fd)
        os.unlink(path)


def test_a_missing_ring_says_how_to_start_one(ring_name):
    with pytest.raises(deskdup.RingNotFound, match=f"deskdup share --name {ring_name}"):
        deskdup.Ring(ring_name)


def test_an_invalid_name_is_refused():
    with pytest.raises(ValueError, match="is not valid"):
        deskdup.Ring("../etc/passwd")
