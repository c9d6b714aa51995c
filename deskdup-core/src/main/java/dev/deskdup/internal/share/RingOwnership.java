package dev.deskdup.internal.share;

import dev.deskdup.CaptureException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

import static dev.deskdup.internal.share.RingDescriptor.*;

/**
 * Who may own a ring name. The first generation is created at the name with {@code O_EXCL}; a file already there is
 * inspected: a live producer (its lock byte held, its heartbeat moving) is refused with its pid; a stale one (lock
 * free: the process is gone; or heartbeat dead for the liveness timeout) is replaced. Replacing is arbitrated by
 * locks on the stale file: the replacer lock, then its producer lock, so two producers starting at once never both
 * win. Later generations (after a resize) are laid out under a hidden temporary name and renamed over the name.
 */
final class RingOwnership {

    private RingOwnership() {
    }

    /** A new ring and, when a stale file was replaced, why it was stale (null otherwise). */
    record Created(RingWriter writer, String replaced) {
    }

    /** A name is taken by a live producer. */
    static final class RingInUseException extends CaptureException {
        RingInUseException(String message) {
            super(message);
        }
    }

    static Created createFirst(String name, RingGeometry geometry, ProducerInfo producer) {
        Path path = RingFile.pathOf(name);
        sweepTemporaries(name);
        for (int attempt = 0; attempt < 10; attempt++) {
            RingFile fresh = RingFile.createExclusive(path);
            if (fresh != null) {
                if (!fresh.tryLock(PRODUCER_LOCK)) {
                    fresh.close();
                    throw new RingInUseException("ring name=" + name + " was taken by another producer starting at "
                            + "the same moment; choose another name");
                }
                return new Created(layOut(fresh, path, geometry, 0, producer), null);
            }
            RingFile old = RingFile.openExisting(path);
            if (old == null) {
                continue; // removed meanwhile: try again
            }
            try {
                Inspection seen = Inspection.of(old, true);
                if (seen.live()) {
                    throw new RingInUseException("ring name=" + name + " is in use by a live producer: "
                            + seen.describe() + " (path=" + path + "); stop that producer or choose another name");
                }
                if (!old.tryLock(REPLACER_LOCK)) {
                    throw new RingInUseException("ring name=" + name + " is being replaced by another producer right "
                            + "now; choose another name");
                }
                boolean takenOver = old.tryLock(PRODUCER_LOCK);
                if (!takenOver && !seen.stalled()) {
                    continue; // a producer appeared in between: look again
                }
                if (!old.isStillAt(path)) {
                    continue;
                }
                RingWriter writer = createNext(name, geometry, 0, producer);
                writer.file().renameTo(path);
                if (seen.readable()) {
                    markTakenOver(old, producer);
                }
                return new Created(writer, seen.describe());
            } finally {
                old.close();
            }
        }
        throw new RingInUseException("ring name=" + name + " keeps changing under us (path=" + path + "); is another "
                + "producer restarting in a loop?");
    }

    /** Lays out a ring under a hidden temporary name beside {@code name}'s path; rename it into place to publish. */
    static RingWriter createNext(String name, RingGeometry geometry, long generation, ProducerInfo producer) {
        Path path = RingFile.pathOf(name);
        for (int attempt = 0; ; attempt++) {
            Path temp = path.resolveSibling("." + path.getFileName() + ".tmp-" + producer.pid() + "-" + generation
                    + (attempt > 0 ? "-" + attempt : ""));
            RingFile file = RingFile.createExclusive(temp);
            if (file == null) {
                if (attempt > 100) {
                    throw new CaptureException("cannot create a temporary ring file beside path=" + path);
                }
                continue;
            }
            if (!file.tryLock(PRODUCER_LOCK)) {
                file.close();
                throw new CaptureException("cannot lock the new ring file path=" + temp);
            }
            try {
                return layOut(file, temp, geometry, generation, producer);
            } catch (RuntimeException | Error e) {
                file.unlinkIfStillAt(temp);
                throw e;
            }
        }
    }

    private static RingWriter layOut(RingFile file, Path path, RingGeometry geometry, long generation,
                                     ProducerInfo producer) {
        try {
            return new RingWriter(file, geometry, generation, producer, System.nanoTime());
        } catch (RuntimeException | Error e) {
            file.unlinkIfStillAt(path);
            file.close();
            throw e;
        }
    }

    /** Tells the readers of a stalled producer's file that it was taken over (its own producer is stopped). */
    private static void markTakenOver(RingFile old, ProducerInfo by) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = old.map(0, HEADER_LENGTH, true, arena);
            byte[] text = ("taken over by pid " + by.pid() + " after this producer stopped beating")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            MemorySegment.copy(text, 0, header, java.lang.foreign.ValueLayout.JAVA_BYTE, ERROR_MESSAGE_OFFSET,
                    Math.min(text.length, ERROR_MESSAGE_LENGTH - 1));
            INT_HANDLE.setVolatile(header, (long) STATE_OFFSET, STATE_FAILED);
        } catch (RuntimeException ignored) {
            // a courtesy to readers of a dead ring; they see its heartbeat stopped anyway
        }
    }

    /** Removes temporary files of {@code name} left by producers killed between creating and renaming one. */
    private static void sweepTemporaries(String name) {
        Path path = RingFile.pathOf(name);
        String prefix = "." + path.getFileName() + ".tmp-";
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path.getParent(), prefix + "*")) {
            for (Path p : entries) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: a leftover temporary holds no name and harms nothing but space
        }
    }

    /**
     * What an existing ring file says about its producer.
     *
     * @param readable whether the header is complete (magic and version set)
     * @param live     a producer holds it and its heartbeat moves
     * @param stalled  a producer holds its lock but its heartbeat has not moved for the liveness timeout
     */
    record Inspection(boolean readable, boolean live, boolean stalled, long pid, long startMillis, String source,
                      String reason) {

        String describe() {
            String who = pid > 0 ? "pid=" + pid + (startMillis > 0 ? " (started " + Instant.ofEpochMilli(startMillis)
                    + ")" : "") + (source.isEmpty() ? "" : ", source=" + source) : "an unknown producer";
            return live ? who : who + ": " + reason;
        }

        /**
         * Inspects {@code file}. With {@code watch}, a held file whose heartbeat does not move is watched for up to
         * the liveness timeout before it is called stalled; without, only the lock counts.
         */
        static Inspection of(RingFile file, boolean watch) {
            boolean held = file.lockedElsewhere(PRODUCER_LOCK);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment h = file.size() >= HEADER_LENGTH ? file.map(0, HEADER_LENGTH, false, arena) : null;
                if (!held) {
                    long pid = readable(h) ? h.get(LONG, PRODUCER_PID_OFFSET) : 0;
                    boolean exists = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    return seen(h, false, false, !readable(h) ? "the file is incomplete and no producer holds it"
                            : exists ? "it no longer holds the ring" : "the process is gone");
                }
                if (!watch) {
                    return seen(h, true, false, "");
                }
                long period = (LIVENESS_TIMEOUT_MILLIS + 2L * HEARTBEAT_PERIOD_MILLIS);
                long deadline = System.nanoTime() + period * 1_000_000L;
                long firstBeat = h != null ? (long) LONG_HANDLE.getAcquire(h, (long) HEARTBEAT_OFFSET) : 0;
                boolean wasReadable = readable(h);
                while (System.nanoTime() < deadline) {
                    LockSupport.parkNanos(10_000_000L);
                    if (h == null && file.size() >= HEADER_LENGTH) {
                        h = file.map(0, HEADER_LENGTH, false, arena);
                    }
                    if (h != null && (readable(h) != wasReadable
                            || (long) LONG_HANDLE.getAcquire(h, (long) HEARTBEAT_OFFSET) != firstBeat)) {
                        return seen(h, true, false, "");
                    }
                    if (!file.lockedElsewhere(PRODUCER_LOCK)) {
                        return seen(h, false, false, "the process is gone");
                    }
                }
                return seen(h, false, true, "its heartbeat has not moved for " + period + " ms (stopped or hung)");
            }
        }

        private static boolean readable(MemorySegment h) {
            return h != null && h.get(LONG, MAGIC_OFFSET) == MAGIC
                    && (int) INT_HANDLE.getAcquire(h, (long) VERSION_OFFSET) != 0;
        }

        private static Inspection seen(MemorySegment h, boolean live, boolean stalled, String reason) {
            boolean readable = readable(h);
            return new Inspection(readable, live, stalled, readable ? h.get(LONG, PRODUCER_PID_OFFSET) : 0,
                    readable ? h.get(LONG, PRODUCER_START_MILLIS_OFFSET) : 0,
                    readable ? RingText.ascii(h, SOURCE_NAME_OFFSET, SOURCE_NAME_LENGTH) : "", reason);
        }
    }
}
