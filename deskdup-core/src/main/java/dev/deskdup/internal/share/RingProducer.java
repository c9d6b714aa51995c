package dev.deskdup.internal.share;

import java.nio.file.Path;
import java.util.Arrays;

import static dev.deskdup.internal.share.RingDescriptor.*;

/**
 * The producer of ring {@code name} across geometry generations: owns the name, the current generation's file and
 * the superseded ones that still hold leased frames, and beats their heartbeats (and revokes dead readers' leases)
 * on the {@link Heartbeats} thread.
 *
 * <p>A resize starts a new generation: a new file with the new geometry is laid out under a temporary name
 * ({@link #prepare}), the first frame of the new size is published into it, then it is renamed over the name and the
 * previous file's state becomes SUPERSEDED ({@link #install}); its readers finish their frame and reopen the name.
 * A file keeps exactly one geometry for its whole life, so no reader can see a frame whose header disagrees with its
 * bytes, and no mapping is ever resized (which Python's mmap refuses while NumPy views are alive).
 */
final class RingProducer implements Heartbeats.Party, AutoCloseable {

    private final String name;
    private final Path path;
    private final int slotCount;
    private final int readerCapacity;
    private final ProducerInfo producer;
    private final String replaced;
    /** The generation readers find under the name. */
    private volatile RingWriter current;
    /** All generations still mapped (current, a prepared next one, superseded ones with held frames). */
    private volatile RingWriter[] live;
    private long nextGeneration = 1;
    private boolean closed;
    private volatile boolean failed;

    /** Takes ring {@code name} with the first generation's geometry (refusing a live producer of that name). */
    RingProducer(String name, int slotCount, int readerCapacity, int width, int height, int stride,
                 ProducerInfo producer) {
        this.name = RingFile.checkName(name);
        this.path = RingFile.pathOf(name);
        this.slotCount = slotCount;
        this.readerCapacity = readerCapacity;
        this.producer = producer;
        RingOwnership.Created created = RingOwnership.createFirst(name,
                new RingGeometry(slotCount, readerCapacity, width, height, stride), producer);
        this.current = created.writer();
        this.replaced = created.replaced();
        this.live = new RingWriter[]{current};
        Heartbeats.register(this);
    }

    String name() {
        return name;
    }

    Path path() {
        return path;
    }

    /** Why a stale file of this name was replaced on start, or null when there was none. */
    String replaced() {
        return replaced;
    }

    RingWriter current() {
        return current;
    }

    /** Every generation still mapped, newest last. */
    RingWriter[] generations() {
        return live;
    }

    /** Lays out the next generation for a new frame shape (not yet visible to readers). */
    RingWriter prepare(int width, int height, int stride) {
        RingWriter next = RingOwnership.createNext(name,
                new RingGeometry(slotCount, readerCapacity, width, height, stride), nextGeneration++, producer);
        Heartbeats.paused(() -> {
            RingWriter[] more = Arrays.copyOf(live, live.length + 1);
            more[more.length - 1] = next;
            live = more;
        });
        return next;
    }

    /** Makes {@code next} (prepared, first frame published) the ring readers find; supersedes the previous one. */
    void install(RingWriter next) {
        RingWriter previous = current;
        next.file().renameTo(path);
        current = next;
        previous.state(STATE_SUPERSEDED, null);
    }

    /** Unmaps a superseded generation once none of its slots is held any more. */
    void retire(RingWriter old) {
        if (old == current) {
            return;
        }
        Heartbeats.paused(() -> {
            RingWriter[] fewer = Arrays.stream(live).filter(w -> w != old).toArray(RingWriter[]::new);
            live = fewer;
            old.close();
        });
    }

    @Override
    public void tick(long nowNanos) {
        for (RingWriter w : live) {
            w.beat(nowNanos);
            w.reapReaders(nowNanos);
        }
    }

    /** Capturing failed for good: readers get {@code message} as their end-of-stream error. */
    void fail(String message) {
        failed = true;
        current.state(STATE_FAILED, message);
    }

    /** Ends the ring normally: state CLOSED, the name removed, every file unmapped and closed. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        Heartbeats.unregister(this);
        RingWriter cur = current;
        if (!failed) {
            cur.state(STATE_CLOSED, null);
        }
        cur.file().unlinkIfStillAt(path);
        Heartbeats.paused(() -> {
            for (RingWriter w : live) {
                if (w != cur && w.file().path() != null && !w.file().path().equals(path)) {
                    w.file().unlinkIfStillAt(w.file().path()); // a prepared generation never installed
                }
                w.close();
            }
            live = new RingWriter[0];
        });
    }
}
