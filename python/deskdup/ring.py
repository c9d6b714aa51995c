"""Zero-copy reader of a deskdup shared-memory frame ring (pure Python: stdlib ``mmap`` + NumPy).

A deskdup producer (``deskdup share --name NAME``, or ``dev.deskdup.RingPublisher`` in Java) captures the screen
into a ring file (``/dev/shm/deskdup-NAME`` on Linux); on X11 the X server writes every frame straight into it.
This module maps that file read-only and hands each frame out as a NumPy view of the slot the frame lives in: no
byte is copied.

    import deskdup

    with deskdup.Ring("desk") as ring:
        for frame in ring:                  # the newest frame each time; blocks until there is a newer one
            bgra = frame.array              # read-only (height, width, 4) uint8 view, BGRA, valid while held
            print(frame.number, frame.dirty_rects, bgra[0, 0])

Frames are *leased*: while a frame is held, the producer does not write its slot. A ring holds one frame at a time;
iterating, ``latest()`` or ``frame.release()`` (or leaving ``with frame:``) ends the lease. After that the array
still reads mapped memory, but the producer may be writing a later frame into it: call ``frame.copy()`` while you
hold the frame to keep the pixels.

The file layout and the protocol are in deskdup's ``docs/ring-format.md``; this file is self-contained and can be
copied into a project as it is. It needs Python 3.9+, NumPy, a little-endian x86-64 CPU (see ``_full_fence``) and,
on Linux, a kernel with open-file-description locks (3.15+). Windows support is written but untested.
"""

from __future__ import annotations

import mmap
import os
import struct
import sys
import threading
import time
from typing import Iterator, List, NamedTuple, Optional, Tuple

import numpy as np

__all__ = [
    "Ring", "Frame", "Cursor", "RingError", "RingNotFound", "RingFormatError", "RingFull", "RingClosed",
    "FrameLost", "ring_path", "SUPPORTED_MAJOR_VERSION",
]

# ---- layout (RingDescriptor.java; docs/ring-format.md) ---------------------------------------------------------
MAGIC = 0x474E495250554444  # "DDUPRING" as a little-endian u64
SUPPORTED_MAJOR_VERSION = 1
HEADER_LENGTH = 4096
PIXELS_ALIGNMENT = 65536
PAGE = 4096
_VERSION = 8
_STATE = 192
_HEARTBEAT = 256
_LATEST = 320
_ERROR_MESSAGE = 512
_ERROR_MESSAGE_LENGTH = 512
_STATIC = struct.Struct("<QiiiiiiiiqiiqqqqqqqiiII")  # header bytes 0..127
_SOURCE_NAME = 128
SLOT_HEADER_LENGTH = 384
_SLOT_SEQUENCE = 0
_SLOT_FACTS = struct.Struct("<qqqiiii")  # at +8: frameNumber, timestamp, serverTime, flags, rects, cursor x, y
MAX_DIRTY_RECTS = 16
_SLOT_RECTS = 64
_RECTS = [struct.Struct(f"<{4 * n}i") for n in range(MAX_DIRTY_RECTS + 1)]  # made once: n rectangles at _SLOT_RECTS
READER_ENTRY_LENGTH = 64
_R_LEASE = 0
_R_HEARTBEAT = 8
_R_REVOKED = 16
_R_PID = 24
_R_KIND = 28
_R_FRAMES = 32
_R_LOST = 40
_R_CLAIMED = 48
_KIND_PYTHON = 2
_LEASE_SLOT_BITS = 16
_LEASE_SLOT_MASK = 0xFFFF
_LATEST_SLOT_BITS = 16
_LATEST_SLOT_MASK = 0xFFFF
_FLAG_REPEAT = 1
_FLAG_SIZE_CHANGED = 2
_FLAG_CURSOR_VISIBLE = 4
_STATE_LIVE = 1
_STATE_CLOSED = 2
_STATE_SUPERSEDED = 3
_STATE_FAILED = 4
_LOCK_BASE = 1 << 40
_PRODUCER_LOCK = _LOCK_BASE
_HEARTBEAT_PERIOD = 0.05
_LIVENESS_CHECK = 0.02
# Word indexes of the fields the lease path touches (memoryview q/i indexes), computed once.
_STATE_I = _STATE // 4
_LATEST_Q = _LATEST // 8
_SEQ_Q = HEADER_LENGTH // 8
_SLOT_HEADER_Q = SLOT_HEADER_LENGTH // 8
_RQ_LEASE = _R_LEASE // 8
_RQ_HEARTBEAT = _R_HEARTBEAT // 8
_RQ_REVOKED = _R_REVOKED // 8
_monotonic_ns = time.monotonic_ns

_LINUX = sys.platform.startswith("linux")
_WINDOWS = sys.platform == "win32"


class RingError(Exception):
    """Something about a ring went wrong; the message says what and what to do."""


class RingNotFound(RingError):
    """No ring of that name exists (yet): start a producer, or open with a timeout."""


class RingFormatError(RingError):
    """The file is not a ring this reader understands (not a ring, another major version, inconsistent)."""


class RingFull(RingError):
    """All reader entries of the ring are taken."""


class RingClosed(RingError):
    """End of stream: the producer closed the ring, failed, or died (``producer_died`` tells which)."""

    def __init__(self, message: str, producer_died: bool) -> None:
        super().__init__(message)
        self.producer_died = producer_died


class FrameLost(RingError):
    """The frame's slot was rewritten (its lease was revoked because this process stalled) before it was copied."""


class Cursor(NamedTuple):
    """The pointer's hotspot in frame coordinates, and whether it lies within the frame."""

    visible: bool
    x: int
    y: int


def ring_path(name: str) -> str:
    """The file of ring ``name``: ``/dev/shm/deskdup-NAME`` on Linux, the temp directory elsewhere."""
    _check_name(name)
    if _LINUX:
        return "/dev/shm/deskdup-" + name
    import tempfile
    return os.path.join(tempfile.gettempdir(), "deskdup-" + name)


def _check_name(name: str) -> None:
    ok = isinstance(name, str) and 0 < len(name) <= 64 and name[0] not in ".-" and all(
        c.isascii() and (c.isalnum() or c in "_.-") for c in name)
    if not ok:
        raise ValueError(f"ring name={name!r} is not valid: use 1 to 64 letters, digits, '_', '.' or '-', "
                         "not starting with '.' or '-'")


# ---- memory ordering -------------------------------------------------------------------------------------------
_FENCE = threading.Lock()


def _full_fence() -> None:
    """A full (store-load) memory fence between the lease store and the sequence re-read.

    CPython has no fence primitive. Acquiring and releasing a lock executes a locked read-modify-write instruction
    (glibc's sem_t and Windows' SRW locks both use one), which on x86-64 is a full barrier; the plain 8-byte loads
    and stores of memoryview items are single aligned moves, which x86-64's TSO keeps in order otherwise. On ARM
    this would not be enough: the reader is supported on x86-64 only.
    """
    _FENCE.acquire()
    _FENCE.release()


# ---- locks (the ring's lock bytes lie past the end of the file; they are only locked, never read) ------------
if _LINUX:
    import fcntl

    _F_OFD_GETLK = getattr(fcntl, "F_OFD_GETLK", 36)
    _F_OFD_SETLK = getattr(fcntl, "F_OFD_SETLK", 37)
    _FLOCK = struct.Struct("@hhqqi4x")  # struct flock on 64-bit Linux: 32 bytes
    _F_WRLCK = 1
    _F_UNLCK = 2

    def _lock(fd: int, offset: int) -> bool:
        try:
            fcntl.fcntl(fd, _F_OFD_SETLK, _FLOCK.pack(_F_WRLCK, os.SEEK_SET, offset, 1, 0))
            return True
        except OSError as e:
            if e.errno in (11, 13):  # EAGAIN, EACCES: someone else holds it
                return False
            raise RingError(f"locking a ring file failed: {e} (open-file-description locks need Linux 3.15+)")

    def _unlock(fd: int, offset: int) -> None:
        fcntl.fcntl(fd, _F_OFD_SETLK, _FLOCK.pack(_F_UNLCK, os.SEEK_SET, offset, 1, 0))

    def _locked_elsewhere(fd: int, offset: int) -> bool:
        out = fcntl.fcntl(fd, _F_OFD_GETLK, _FLOCK.pack(_F_WRLCK, os.SEEK_SET, offset, 1, 0))
        return _FLOCK.unpack(out)[0] != _F_UNLCK
elif _WINDOWS:  # untested: LockFile on the file handle, like Java's FileChannel.tryLock
    import msvcrt

    _held: set = set()

    def _lock(fd: int, offset: int) -> bool:
        os.lseek(fd, offset, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        _held.add((fd, offset))
        return True

    def _unlock(fd: int, offset: int) -> None:
        os.lseek(fd, offset, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        _held.discard((fd, offset))

    def _locked_elsewhere(fd: int, offset: int) -> bool:
        if (fd, offset) in _held:
            return False
        if _lock(fd, offset):
            _unlock(fd, offset)
            return False
        return True
else:
    def _lock(fd: int, offset: int) -> bool:
        raise RingError(f"deskdup rings are not supported on {sys.platform} (Linux and Windows only)")

    _unlock = _locked_elsewhere = _lock  # type: ignore[assignment]


# ---- heartbeats ------------------------------------------------------------------------------------------------
class _Heartbeats:
    """One daemon thread per process beats for every open ring's reader entry every 50 ms."""

    _lock = threading.Lock()
    _rings: List["_Generation"] = []
    _thread: Optional[threading.Thread] = None

    @classmethod
    def register(cls, gen: "_Generation") -> None:
        with cls._lock:
            cls._rings.append(gen)
            if cls._thread is None:
                cls._thread = threading.Thread(target=cls._run, name="deskdup-ring-heartbeat", daemon=True)
                cls._thread.start()

    @classmethod
    def unregister(cls, gen: "_Generation") -> None:
        with cls._lock:
            if gen in cls._rings:
                cls._rings.remove(gen)

    @classmethod
    def _run(cls) -> None:
        while True:
            with cls._lock:
                now = time.monotonic_ns()
                for gen in cls._rings:
                    try:
                        gen.beat(now)
                    except Exception:  # a closed mapping: it is being unregistered
                        pass
            time.sleep(_HEARTBEAT_PERIOD)


# ---- one ring file (one geometry generation) -------------------------------------------------------------------
class _Generation:
    """A reader's hold on one ring file: metadata mapped read-write (its own entry), pixels read-only."""

    def __init__(self, name: str, fd: int, size: int) -> None:
        self.name = name
        self.fd = fd
        head = mmap.mmap(fd, HEADER_LENGTH, access=mmap.ACCESS_READ)
        try:
            fields = _STATIC.unpack_from(head, 0)
            self.source = bytes(head[_SOURCE_NAME:_SOURCE_NAME + 32]).split(b"\0", 1)[0].decode("ascii", "replace")
        finally:
            head.close()
        (magic, version, header_len, slots, readers, width, height, stride, pixel_format, slot_headers_offset,
         slot_header_len, reader_entry_len, readers_offset, pixels_offset, slot_pixels_len, file_len, pid,
         started_ms, generation, max_rects, write_path, hb_period_ms, liveness_ms) = fields
        where = f"ring name={name} (path={ring_path(name)})"
        if magic != MAGIC:
            raise RingFormatError(f"{where} is not a deskdup ring file: magic=0x{magic:x} (expected 0x{MAGIC:x})")
        if version >> 16 != SUPPORTED_MAJOR_VERSION:
            raise RingFormatError(f"{where} has layout version={version >> 16}.{version & 0xFFFF} but this reader "
                                  f"understands {SUPPORTED_MAJOR_VERSION}.x; use a deskdup of the same major "
                                  "version on both sides")
        meta_len = HEADER_LENGTH + slots * SLOT_HEADER_LENGTH + readers * READER_ENTRY_LENGTH
        expected = {
            "headerLength": (header_len, HEADER_LENGTH), "slotHeaderLength": (slot_header_len, SLOT_HEADER_LENGTH),
            "readerEntryLength": (reader_entry_len, READER_ENTRY_LENGTH), "maxDirtyRects": (max_rects, MAX_DIRTY_RECTS),
            "pixelFormat": (pixel_format, 1), "slotHeadersOffset": (slot_headers_offset, HEADER_LENGTH),
            "readersOffset": (readers_offset, HEADER_LENGTH + slots * SLOT_HEADER_LENGTH),
            "pixelsOffset": (pixels_offset, -(-meta_len // PIXELS_ALIGNMENT) * PIXELS_ALIGNMENT),
            "slotPixelsLength": (slot_pixels_len, -(-(stride * height) // PAGE) * PAGE),
        }
        for field, (actual, want) in expected.items():
            if actual != want:
                raise RingFormatError(f"{where} has {field}={actual} (expected {want})")
        if not (2 <= slots <= 256 and 1 <= readers <= 64 and width > 0 and height > 0 and stride >= 4 * width):
            raise RingFormatError(f"{where} has an impossible geometry: slotCount={slots}, readerCapacity={readers},"
                                  f" width={width}, height={height}, stride={stride}")
        if file_len != pixels_offset + slots * slot_pixels_len or size < file_len:
            raise RingFormatError(f"{where} is truncated or inconsistent: length={size}, fileLength={file_len}")
        self.slot_count, self.reader_capacity = slots, readers
        self.width, self.height, self.stride = width, height, stride
        self.generation, self.producer_pid, self.producer_started_ms = generation, pid, started_ms
        self.write_path = {1: "os-direct", 2: "one-copy", 3: "rendered"}.get(write_path, f"unknown({write_path})")
        self.liveness_ns = max(100, liveness_ms) * 1_000_000
        self.meta = mmap.mmap(fd, meta_len, access=mmap.ACCESS_WRITE)
        self.pixels = mmap.mmap(fd, slots * slot_pixels_len, access=mmap.ACCESS_READ, offset=pixels_offset)
        self.q = memoryview(self.meta).cast("q")  # aligned 8-byte loads and stores (one instruction each)
        self.i = memoryview(self.meta).cast("i")
        # One read-only array per slot, made once: handing a frame out allocates no array. They derive from one
        # np.frombuffer array, which holds a buffer export of the mapping for as long as any view of it lives (a
        # plain np.ndarray(buffer=mmap) does not, and would let close() unmap memory under a live array).
        whole = np.frombuffer(self.pixels, dtype=np.uint8)
        self.arrays = [np.ndarray((height, width, 4), dtype=np.uint8, buffer=whole, offset=s * slot_pixels_len,
                                  strides=(stride, 4, 1)) for s in range(slots)]
        del whole
        self.entry = -1
        self.entry_q = 0
        try:
            self._claim()
        except BaseException:
            self.close()
            raise
        self.last_beat = self.q[_HEARTBEAT // 8]
        self.last_beat_change = time.monotonic_ns()

    def _claim(self) -> None:
        base = HEADER_LENGTH + self.slot_count * SLOT_HEADER_LENGTH
        for r in range(self.reader_capacity):
            if _lock(self.fd, _LOCK_BASE + 2 + r):
                e = base + r * READER_ENTRY_LENGTH
                self.entry, self.entry_q = r, e // 8
                q = self.entry_q
                self.lease_number = max(self.q[q + _R_LEASE // 8] >> _LEASE_SLOT_BITS, self.q[q + _R_REVOKED // 8]) + 1
                self.i[(e + _R_PID) // 4] = os.getpid()
                self.i[(e + _R_KIND) // 4] = _KIND_PYTHON
                self.q[q + _R_FRAMES // 8] = 0
                self.q[q + _R_LOST // 8] = 0
                self.q[q + _R_CLAIMED // 8] = int(time.time() * 1000)
                self.q[q + _R_HEARTBEAT // 8] = time.monotonic_ns()
                self.q[q + _R_LEASE // 8] = self.lease_number << _LEASE_SLOT_BITS  # a dead predecessor's is void
                _full_fence()
                return
        pids = [self.i[(base + r * READER_ENTRY_LENGTH + _R_PID) // 4] for r in range(self.reader_capacity)]
        raise RingFull(f"ring name={self.name} has all readers={self.reader_capacity} entries taken (pids {pids}); "
                       "close one of them, or restart the producer with more (deskdup share --readers N)")

    def beat(self, now: int) -> None:
        if self.entry >= 0:
            self.q[self.entry_q + _R_HEARTBEAT // 8] = now

    def state(self) -> int:
        return self.i[_STATE // 4]

    def latest(self) -> int:
        return self.q[_LATEST // 8]

    def try_lease(self, slot: int) -> Optional[Tuple[int, int]]:
        """Leases ``slot``: (sequence, lease number) if the lease holds, None if the producer got there first."""
        if not 0 <= slot < self.slot_count:
            raise RingFormatError(f"ring name={self.name} published slot={slot} of {self.slot_count} (corrupt)")
        seq_at = _SEQ_Q + slot * _SLOT_HEADER_Q
        q = self.q
        seq = q[seq_at]
        if seq & 1 or seq == 0:
            return None
        self.lease_number += 1
        n = self.lease_number
        e = self.entry_q
        q[e + _RQ_HEARTBEAT] = _monotonic_ns()
        q[e + _RQ_LEASE] = n << _LEASE_SLOT_BITS | (slot + 1)
        _FENCE.acquire()  # _full_fence(), inline on this path: the lease store before the sequence's re-read
        _FENCE.release()
        if q[seq_at] != seq or q[e + _RQ_REVOKED] >= n:
            q[e + _RQ_LEASE] = n << _LEASE_SLOT_BITS
            return None
        return seq, n

    def intact(self, slot: int, seq: int, lease_number: int) -> bool:
        now = self.q[(HEADER_LENGTH + slot * SLOT_HEADER_LENGTH) // 8]
        # seq + 1: the producer trying to take the slot back; it sees the lease and restores it without writing.
        return (now == seq or now == seq + 1) and self.q[self.entry_q + _R_REVOKED // 8] < lease_number

    def end_lease(self, lease_number: int, lost: bool) -> None:
        e = self.entry_q
        self.q[e + _R_LEASE // 8] = lease_number << _LEASE_SLOT_BITS
        self.q[e + _R_FRAMES // 8] += 1
        if lost:
            self.q[e + _R_LOST // 8] += 1

    def check_producer(self, now: int) -> None:
        beat = self.q[_HEARTBEAT // 8]
        if beat != self.last_beat:
            self.last_beat, self.last_beat_change = beat, now
        if not _locked_elsewhere(self.fd, _PRODUCER_LOCK):
            self.check_state()
            raise RingClosed(f"ring name={self.name}: producer pid={self.producer_pid} is gone without closing the "
                             "ring (killed?); end of stream", True)
        if now - self.last_beat_change > self.liveness_ns:
            raise RingClosed(f"ring name={self.name}: producer pid={self.producer_pid} has not beaten its heartbeat "
                             f"for {(now - self.last_beat_change) // 1_000_000} ms (stopped or hung); end of stream",
                             True)

    def check_state(self) -> int:
        state = self.state()
        if state == _STATE_CLOSED:
            raise RingClosed(f"ring name={self.name} was closed by its producer (pid={self.producer_pid}); "
                             "end of stream", False)
        if state == _STATE_FAILED:
            raw = bytes(self.meta[_ERROR_MESSAGE:_ERROR_MESSAGE + _ERROR_MESSAGE_LENGTH]).split(b"\0", 1)[0]
            raise RingClosed(f"ring name={self.name}: producer pid={self.producer_pid} failed: "
                             f"{raw.decode('utf-8', 'replace')}; end of stream", True)
        return state

    def close(self) -> None:
        """Gives up the entry and unmaps, except a pixel mapping NumPy views still use (it goes with the last)."""
        if self.entry >= 0:
            e = self.entry_q
            self.q[e + _R_LEASE // 8] = self.lease_number << _LEASE_SLOT_BITS
            self.i[(e * 8 + _R_PID) // 4] = 0
            self.entry = -1
        self.arrays = []
        self.q.release()
        self.i.release()
        self.meta.close()
        try:
            self.pixels.close()
        except BufferError:
            # Arrays of this ring are still alive (kept past their frame): closing would raise, and unmapping
            # under them would crash. Drop our reference; the mapping is unmapped when the last array dies.
            pass
        self.pixels = None
        os.close(self.fd)  # releases the entry's lock
        self.fd = -1


def _open_generation(name: str) -> Optional[_Generation]:
    path = ring_path(name)
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    except PermissionError:
        owner = ""
        try:
            st = os.stat(path)
            owner = f" (owner uid={st.st_uid}, mode {st.st_mode & 0o777:o})"
        except OSError:
            pass
        raise RingError(f"ring file path={path} is not accessible to this user{owner}: a ring is private to the "
                        "user who shares the screen; read it as that user") from None
    try:
        size = os.fstat(fd).st_size
        if size < HEADER_LENGTH:
            os.close(fd)
            return None
        with mmap.mmap(fd, HEADER_LENGTH, access=mmap.ACCESS_READ) as head:
            magic, version = struct.unpack_from("<Qi", head, 0)
        if version == 0:  # the version is written last, after the magic: not laid out yet
            os.close(fd)
            return None  # still being laid out
        return _Generation(name, fd, size)
    except BaseException:
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass
        raise


class Frame:
    """One frame, leased from the ring until released: a read-only NumPy view of its slot plus its facts.

    Use it as a context manager (``with frame: ...``) or call :meth:`release`; iterating the ring releases the
    previous frame for you. Every attribute but :attr:`valid` raises ``RuntimeError`` once the frame is released.
    """

    __slots__ = ("_ring", "_gen", "_slot", "_seq", "_lease", "_held", "number", "timestamp_ns", "server_time_ms",
                 "_flags", "_base", "_nrects", "_cx", "_cy", "_new_generation")

    def __init__(self, ring: "Ring", gen: _Generation, slot: int, seq: int, lease: int, size_changed: bool) -> None:
        # Taken on every frame: only the stores and one unpack here; the rest is worked out when asked for.
        self._ring, self._gen, self._slot, self._seq, self._lease = ring, gen, slot, seq, lease
        self._held = True
        self._new_generation = size_changed
        self._base = base = HEADER_LENGTH + slot * SLOT_HEADER_LENGTH
        #: ``number``: the frame number, counting from 1 across the producer's whole run (gaps: frames this reader
        #: skipped). ``timestamp_ns``: when the frame was captured, in the producer's monotonic clock (Linux:
        #: comparable with ``time.monotonic_ns()`` in this process). ``server_time_ms``: the X server's timestamp of
        #: the newest change shown, in ms (0 when unknown).
        (self.number, self.timestamp_ns, self.server_time_ms, self._flags, self._nrects, self._cx,
         self._cy) = _SLOT_FACTS.unpack_from(gen.meta, base + 8)

    @property
    def size_changed(self) -> bool:
        """True for the first frame after the producer's screen was resized (a new geometry generation)."""
        return self._new_generation or bool(self._flags & _FLAG_SIZE_CHANGED)

    def _check(self) -> None:
        if not self._held:
            raise RuntimeError(f"frame number={self.number} of ring name={self._gen.name} was released; frames are "
                               "valid while held (use frame.copy() to keep the pixels)")

    @property
    def array(self) -> np.ndarray:
        """The pixels: a read-only ``(height, width, 4)`` uint8 view of the slot, bytes B, G, R, A. No copy.

        Its buffer is the ring's mapping; views derived from it (slices, ``reshape``) are views too. It shows this
        frame only while the frame is held.
        """
        self._check()
        return self._gen.arrays[self._slot]

    @property
    def width(self) -> int:
        return self._gen.width

    @property
    def height(self) -> int:
        return self._gen.height

    @property
    def stride(self) -> int:
        """Bytes from one row to the next in the slot (``array.strides[0]``)."""
        return self._gen.stride

    @property
    def dirty_rects(self) -> List[Tuple[int, int, int, int]]:
        """What changed since the previous frame, as ``(x, y, width, height)`` (the whole frame for the first one).

        At most 16; more changes are merged into their bounding box by the producer. Relative to the previous frame
        the producer published, not the previous one this reader saw.
        """
        self._check()
        r = _RECTS[max(0, min(self._nrects, MAX_DIRTY_RECTS))].unpack_from(self._gen.meta, self._base + _SLOT_RECTS)
        return [(r[i], r[i + 1], r[i + 2], r[i + 3]) for i in range(0, len(r), 4)]

    @property
    def cursor(self) -> Cursor:
        """Where the pointer's hotspot is (``Cursor(visible, x, y)``)."""
        self._check()
        return Cursor(bool(self._flags & _FLAG_CURSOR_VISIBLE), self._cx, self._cy)

    @property
    def repeat(self) -> bool:
        """True when this frame only repeats the previous one (nothing changed; sent to keep a cadence)."""
        self._check()
        return bool(self._flags & _FLAG_REPEAT)

    @property
    def valid(self) -> bool:
        """Held, and its slot was not rewritten (which happens only if this process stalled past its lease)."""
        return self._held and self._gen.intact(self._slot, self._seq, self._lease)

    def copy(self) -> np.ndarray:
        """A private, writable copy of the pixels (``(height, width, 4)`` uint8), checked intact after copying.

        Raises :class:`FrameLost` when the slot was rewritten meanwhile.
        """
        self._check()
        out = np.array(self._gen.arrays[self._slot], copy=True)
        if not self._gen.intact(self._slot, self._seq, self._lease):
            raise FrameLost(f"frame number={self.number} of ring name={self._gen.name} was overwritten while "
                            "copied: this process stalled past its lease (over 0.5 s)")
        return out

    def release(self) -> None:
        """Ends the lease: the producer may write the slot again. Releasing twice raises ``RuntimeError``."""
        if not self._held:
            raise RuntimeError(f"frame number={self.number} of ring name={self._gen.name} was already released")
        self._held = False
        lost = not self._gen.intact(self._slot, self._seq, self._lease)
        self._gen.end_lease(self._lease, lost)
        self._ring._released(self, lost)

    def __enter__(self) -> "Frame":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._held:
            self.release()

    def __repr__(self) -> str:
        return (f"<deskdup.Frame number={self.number} {self._gen.width}x{self._gen.height} "
                f"rects={max(0, min(self._nrects, MAX_DIRTY_RECTS))} {'held' if self._held else 'released'}>")


class Ring:
    """A reader of ring ``name``: leases the newest frame, one at a time, with no copy.

    :param name: the ring's name (``deskdup share --name NAME``)
    :param timeout: how long to wait (seconds) for the ring to appear; 0 (default): it must exist now
    :param poll_interval: the longest sleep (seconds) while waiting for a frame; smaller is lower latency and more
        CPU. Waiting spins briefly, then sleeps up to this long between looks.

    Raises :class:`RingNotFound`, :class:`RingFormatError`, :class:`RingFull` or :class:`RingError` (another
    user's ring) on open. One thread at a time.
    """

    def __init__(self, name: str, timeout: float = 0.0, poll_interval: float = 200e-6) -> None:
        _check_name(name)
        self.name = name
        self.poll_interval = poll_interval
        self._gen: Optional[_Generation] = None
        self._held: Optional[Frame] = None
        self._last_number = 0
        self._next_size_changed = False
        self._closed = False
        #: Frames acquired so far, and frames found rewritten at their release (this process stalled).
        self.frames_acquired = 0
        self.frames_lost = 0
        deadline = time.monotonic() + timeout
        while True:
            gen = _open_generation(name)
            if gen is not None:
                break
            if time.monotonic() >= deadline:
                raise RingNotFound(f"no ring name={name} (path={ring_path(name)}): start a producer first, e.g. "
                                   f"deskdup share --name {name}")
            time.sleep(0.005)
        self._gen = gen
        _Heartbeats.register(gen)

    # -- geometry of the current generation
    @property
    def width(self) -> int:
        return self._current().width

    @property
    def height(self) -> int:
        return self._current().height

    @property
    def generation(self) -> int:
        """Counts the producer's screen resizes (each one is a new ring file)."""
        return self._current().generation

    @property
    def producer_pid(self) -> int:
        return self._current().producer_pid

    @property
    def write_path(self) -> str:
        """How pixels reach the slots: ``os-direct`` (zero copy), ``one-copy`` or ``rendered`` (test pattern)."""
        return self._current().write_path

    def _current(self) -> _Generation:
        if self._closed or self._gen is None:
            raise RuntimeError(f"ring name={self.name} is closed")
        return self._gen

    def latest(self, timeout: Optional[float] = None) -> Optional[Frame]:
        """The newest frame, newer than the last one this ring handed out; waits up to ``timeout`` seconds for it
        (None: forever). Returns None on timeout.

        Releases the previously held frame first. Raises :class:`RingClosed` at the end of the stream (within a
        second of the producer's death), never hangs.
        """
        gen = self._current()
        if self._held is not None:
            self._held.release()
        # The clock is read only once no newer frame is there: taking one that is waiting costs the lease alone.
        deadline = last_check = None
        idle = 0
        max_sleep = self.poll_interval
        while True:
            gen = self._gen
            if gen.i[_STATE_I] != _STATE_LIVE and gen.check_state() == _STATE_SUPERSEDED:
                self._move_on()
                continue
            q = gen.q
            latest = q[_LATEST_Q]
            if latest >> _LATEST_SLOT_BITS > self._last_number:
                frame = self._take(gen, q, latest & _LATEST_SLOT_MASK, latest >> _LATEST_SLOT_BITS)
                if frame is not None:
                    return frame
                continue
            now = time.monotonic_ns()
            if last_check is None:
                last_check = now
                deadline = None if timeout is None else now + int(timeout * 1e9)
            if now - last_check > _LIVENESS_CHECK * 1e9:
                last_check = now
                gen.check_producer(now)
            if deadline is not None and now >= deadline:
                return None
            idle += 1
            if idle > 50:
                time.sleep(max_sleep if idle > 60 else 0)

    def _take(self, gen: _Generation, q: memoryview, slot: int, number: int) -> Optional[Frame]:
        """Leases ``slot`` (published as frame ``number``) and wraps it; None if it went meanwhile or is not new."""
        got = gen.try_lease(slot)
        if got is None:
            return None
        frame = Frame(self, gen, slot, got[0], got[1], self._next_size_changed)
        if frame.number <= self._last_number:
            # The slot was rewritten with a frame already handed out (latest lagged behind): not new.
            q[gen.entry_q + _R_LEASE // 8] = got[1] << _LEASE_SLOT_BITS
            self._last_number = max(self._last_number, number)
            return None
        self._last_number = frame.number
        self._next_size_changed = False
        self._held = frame
        self.frames_acquired += 1
        return frame

    def __iter__(self) -> Iterator[Frame]:
        """Yields the newest frame each time there is a newer one, releasing the previous one; ends when the
        producer closes the ring, raises :class:`RingClosed` if it dies."""
        while True:
            try:
                frame = self.latest(timeout=None)
            except RingClosed as end:
                if end.producer_died:
                    raise
                return
            if frame is not None:
                yield frame

    def _move_on(self) -> None:
        """The producer's screen was resized: a new file replaced this one under the name."""
        old = self._gen
        deadline = time.monotonic() + 1.0
        while True:
            gen = _open_generation(self.name)
            if gen is not None and gen.generation != old.generation:
                break
            if gen is not None:
                _Heartbeats.unregister(gen)
                gen.close()
            if time.monotonic() > deadline:
                raise RingClosed(f"ring name={self.name} was superseded but no new generation appeared; end of "
                                 "stream", False)
            time.sleep(0.001)
        _Heartbeats.register(gen)
        self._gen = gen
        self._next_size_changed = True
        with _Heartbeats._lock:
            _Heartbeats._rings.remove(old) if old in _Heartbeats._rings else None
            old.close()

    def _released(self, frame: Frame, lost: bool) -> None:
        if self._held is frame:
            self._held = None
        if lost:
            self.frames_lost += 1

    def close(self) -> None:
        """Releases the held frame, gives up the reader entry and unmaps the ring. Idempotent.

        Arrays kept past their frame stay readable (the mapping lives until the last one is gone); they show
        whatever the producer wrote last.
        """
        if self._closed:
            return
        if self._held is not None and self._held._held:
            self._held.release()
        self._closed = True
        gen, self._gen = self._gen, None
        if gen is not None:
            with _Heartbeats._lock:
                if gen in _Heartbeats._rings:
                    _Heartbeats._rings.remove(gen)
                gen.close()

    def __enter__(self) -> "Ring":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        if self._closed:
            return f"<deskdup.Ring name={self.name} closed>"
        g = self._gen
        return f"<deskdup.Ring name={self.name} {g.width}x{g.height} generation={g.generation} slots={g.slot_count}>"
