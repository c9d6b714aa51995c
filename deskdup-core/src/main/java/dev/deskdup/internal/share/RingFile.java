package dev.deskdup.internal.share;

import dev.deskdup.CaptureException;
import dev.deskdup.internal.os.Libc;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One open ring file: its path, a channel that maps it, and its lock bytes. On Linux the file is opened with
 * {@code open(2)} ({@code O_EXCL}, mode 0600, close-on-exec) so that its fd can be handed to the X server and hold
 * open-file-description locks (which, unlike {@code FileChannel.lock}, are neither shared by the whole process nor
 * dropped when another channel of the same file closes); the channel is reopened from {@code /proc/self/fd/N}, so it
 * is the same file even if the name is replaced meanwhile. On Windows (untested) the file is a file in the user's
 * temp directory, opened and locked through {@link FileChannel} ({@code LockFileEx}); there is no fd.
 */
final class RingFile implements AutoCloseable {

    static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    /** Where ring files live: {@code /dev/shm} (tmpfs, never written to disk) or the user's temp directory. */
    static final String PREFIX = "deskdup-";

    private volatile Path path;
    private final int fd;
    private final FileChannel channel;
    private final MemorySegment flock;
    private final MemorySegment callState;
    private final Arena lockArena;
    private final Map<Long, FileLock> channelLocks = new HashMap<>();
    private boolean closed;

    private RingFile(Path path, int fd, FileChannel channel) {
        this.path = path;
        this.fd = fd;
        this.channel = channel;
        this.lockArena = Arena.ofShared();
        this.flock = lockArena.allocate(Libc.FLOCK);
        this.callState = lockArena.allocate(Libc.CALL_STATE_LAYOUT);
    }

    /** Checks a ring name: 1 to 64 of {@code A-Z a-z 0-9 _ . -}, not starting with '.' or '-'. */
    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("ring name=" + (name == null ? "null" : '"' + name + '"')
                    + " is not valid: use 1 to 64 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
        }
        return name;
    }

    /** The file of ring {@code name}: {@code /dev/shm/deskdup-NAME} on Linux, the temp directory elsewhere. */
    static Path pathOf(String name) {
        checkName(name);
        Path dir = LINUX ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        return dir.resolve(PREFIX + name);
    }

    /** Creates {@code path} exclusively (mode 0600), or returns null when it exists. */
    static RingFile createExclusive(Path path) {
        if (LINUX) {
            int fd = Libc.open(path.toString(), Libc.O_RDWR | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, 0600);
            if (fd == -Libc.EEXIST) {
                return null;
            }
            if (fd < 0) {
                throw new CaptureException("cannot create ring file path=" + path + ": errno=" + -fd
                        + (fd == -Libc.EACCES ? " (permission denied)" : "") + " (is /dev/shm mounted and writable?)");
            }
            return withChannel(path, fd);
        }
        try {
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            return new RingFile(path, -1, ch);
        } catch (FileAlreadyExistsException e) {
            return null;
        } catch (IOException e) {
            throw new CaptureException("cannot create ring file path=" + path + ": " + e, e);
        }
    }

    /**
     * Opens an existing ring file read-write (readers write their own entry), or returns null when there is none.
     *
     * @throws CaptureException when it exists but this user may not open it (the screen is private)
     */
    static RingFile openExisting(Path path) {
        if (LINUX) {
            int fd = Libc.open(path.toString(), Libc.O_RDWR | Libc.O_CLOEXEC, 0);
            if (fd == -Libc.ENOENT) {
                return null;
            }
            if (fd == -Libc.EACCES) {
                throw notAccessible(path);
            }
            if (fd < 0) {
                throw new CaptureException("cannot open ring file path=" + path + ": errno=" + -fd);
            }
            return withChannel(path, fd);
        }
        try {
            return new RingFile(path, -1, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
        } catch (NoSuchFileException e) {
            return null;
        } catch (AccessDeniedException e) {
            throw notAccessible(path);
        } catch (IOException e) {
            throw new CaptureException("cannot open ring file path=" + path + ": " + e, e);
        }
    }

    private static CaptureException notAccessible(Path path) {
        String owner = "";
        try {
            owner = " (owner uid=" + Files.getAttribute(path, "unix:uid") + ", mode "
                    + Integer.toOctalString((Integer) Files.getAttribute(path, "unix:mode") & 0777) + ")";
        } catch (IOException | RuntimeException ignored) {
            // the owner is a courtesy in the message
        }
        return new CaptureException("ring file path=" + path + " is not accessible to this user" + owner
                + ": a ring is private to the user who shares the screen; read it as that user");
    }

    private static RingFile withChannel(Path path, int fd) {
        try {
            FileChannel ch = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            return new RingFile(path, fd, ch);
        } catch (IOException | RuntimeException e) {
            Libc.close(fd);
            throw new CaptureException("cannot reopen ring file path=" + path + " through /proc/self/fd: " + e, e);
        }
    }

    Path path() {
        return path;
    }

    /** The file descriptor (Linux), for handing the file to the X server; -1 elsewhere. */
    int fd() {
        return fd;
    }

    long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            throw new CaptureException("cannot read the length of ring file path=" + path + ": " + e, e);
        }
    }

    /** Sets the file's length (new files: the ring's whole length, zero-filled). */
    void setLength(long length) {
        try {
            if (fd >= 0) {
                Libc.ftruncate(fd, length);
            } else {
                channel.truncate(length);
                channel.write(java.nio.ByteBuffer.allocate(1), length - 1); // extends it on Windows
            }
        } catch (IOException | RuntimeException e) {
            throw new CaptureException("cannot size ring file path=" + path + " to length=" + length + ": " + e
                    + " (is /dev/shm full? see df /dev/shm)", e);
        }
    }

    /** Maps {@code length} bytes from {@code offset}; unmapped when {@code arena} closes. */
    MemorySegment map(long offset, long length, boolean writable, Arena arena) {
        try {
            return channel.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, offset,
                    length, arena);
        } catch (IOException e) {
            throw new CaptureException("cannot map ring file path=" + path + " offset=" + offset + " length="
                    + length + ": " + e, e);
        }
    }

    /** Takes the exclusive lock on byte {@code offset} without waiting; false when someone else holds it. */
    synchronized boolean tryLock(long offset) {
        if (fd >= 0) {
            int rc = fcntl(Libc.F_OFD_SETLK, Libc.F_WRLCK, offset);
            if (rc == 0) {
                return true;
            }
            if (rc == -Libc.EAGAIN || rc == -Libc.EACCES) {
                return false;
            }
            throw lockFailed(rc);
        }
        try {
            FileLock lock = channel.tryLock(offset, 1, false);
            if (lock == null) {
                return false;
            }
            channelLocks.put(offset, lock);
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            throw new CaptureException("cannot lock ring file path=" + path + ": " + e, e);
        }
    }

    /** Releases a lock this file holds. */
    synchronized void unlock(long offset) {
        if (fd >= 0) {
            int rc = fcntl(Libc.F_OFD_SETLK, Libc.F_UNLCK, offset);
            if (rc != 0) {
                throw lockFailed(rc);
            }
            return;
        }
        FileLock lock = channelLocks.remove(offset);
        if (lock != null) {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it too
            }
        }
    }

    /** Whether some other open file (another process, or another open of it here) holds the lock on byte offset. */
    synchronized boolean lockedElsewhere(long offset) {
        if (fd >= 0) {
            int rc = fcntl(Libc.F_OFD_GETLK, Libc.F_WRLCK, offset);
            if (rc != 0) {
                throw lockFailed(rc);
            }
            return flock.get(java.lang.foreign.ValueLayout.JAVA_SHORT, Libc.FLOCK_TYPE) != Libc.F_UNLCK;
        }
        if (channelLocks.containsKey(offset)) {
            return false;
        }
        if (tryLock(offset)) {
            unlock(offset);
            return false;
        }
        return true;
    }

    private int fcntl(int cmd, short type, long offset) {
        flock.fill((byte) 0);
        flock.set(java.lang.foreign.ValueLayout.JAVA_SHORT, Libc.FLOCK_TYPE, type);
        flock.set(java.lang.foreign.ValueLayout.JAVA_SHORT, Libc.FLOCK_WHENCE, Libc.SEEK_SET);
        flock.set(java.lang.foreign.ValueLayout.JAVA_LONG, Libc.FLOCK_START, offset);
        flock.set(java.lang.foreign.ValueLayout.JAVA_LONG, Libc.FLOCK_LEN, 1L);
        return Libc.fcntlLock(fd, cmd, flock, callState);
    }

    private CaptureException lockFailed(int rc) {
        return new CaptureException("fcntl lock on ring file path=" + path + " failed: errno=" + -rc
                + (rc == -Libc.EINVAL ? " (this kernel lacks open-file-description locks; Linux 3.15 or newer is "
                + "needed)" : ""));
    }

    /** Whether {@code path} still names this file (and not one that replaced it). */
    boolean isStillAt(Path where) {
        try {
            if (fd >= 0) {
                Object mine = Files.getAttribute(Path.of("/proc/self/fd/" + fd), "unix:ino");
                Object there = Files.getAttribute(where, "unix:ino");
                return mine.equals(there);
            }
            return Files.exists(where);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Atomically gives this file the name {@code target}, replacing what was there. */
    void renameTo(Path target) {
        try {
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            path = target;
        } catch (IOException e) {
            throw new CaptureException("cannot rename ring file path=" + path + " to " + target + ": " + e, e);
        }
    }

    /** Removes the name {@code where} if it still names this file. */
    void unlinkIfStillAt(Path where) {
        if (isStillAt(where)) {
            try {
                Files.deleteIfExists(where);
            } catch (IOException ignored) {
                // nothing to do: a later producer replaces a stale file anyway
            }
        }
    }

    /** Closes the fd and channel; locks held by them go with them. Mappings stay valid until their arena closes. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        if (fd >= 0) {
            Libc.close(fd);
        }
        lockArena.close();
    }
}
