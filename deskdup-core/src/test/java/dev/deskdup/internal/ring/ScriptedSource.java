package dev.deskdup.internal.ring;

import dev.deskdup.testing.SteppedClock;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.SlotWriter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A source that plays a script: each fill takes the next step (a change with its dirty rectangle, no change, a
 * size change, a fill that blocks until released). The frame's number is written into its first pixel, so a test
 * sees which fill a delivered frame holds. Every call is recorded with its thread and the clock's time.
 */
final class ScriptedSource implements CaptureSource {

    /** One scripted fill. */
    interface Step {
        boolean fill(ScriptedSource source, SlotWriter slot, long timeoutNanos);
    }

    /** One call the ring made, for the test to check. */
    record Call(String what, int slot, Thread thread, long atMillis) {
    }

    private final SteppedClock clock;
    private final Arena arena = Arena.ofShared();
    private final Deque<Step> script = new ArrayDeque<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile int width;
    private volatile int height;
    private int frames;
    volatile boolean closed;
    /** Whether {@link #fillRepeat} refuses (as a source that has nothing to repeat, e.g. an unmapped window). */
    volatile boolean refuseRepeats;

    ScriptedSource(SteppedClock clock, int width, int height) {
        this.clock = clock;
        this.width = width;
        this.height = height;
    }

    synchronized ScriptedSource then(Step step) {
        script.add(step);
        return this;
    }

    /** A change of the rectangle {@code (x, y, w, h)}. */
    static Step change(int x, int y, int w, int h) {
        return (source, slot, timeout) -> source.frame(slot, x, y, w, h);
    }

    /** Nothing changes: the fill waits its whole timeout (on the test clock) and says so. */
    static Step noChange() {
        return (source, slot, timeout) -> {
            source.clock.parkNanos(timeout);
            return false;
        };
    }

    /** The screen becomes {@code w × h}: the next frame is whole, at the new size. */
    static Step resize(int w, int h) {
        return (source, slot, timeout) -> {
            source.width = w;
            source.height = h;
            return source.frame(slot, 0, 0, w, h);
        };
    }

    /** Waits (really) until {@code latch} opens, then plays {@code step}. */
    static Step after(CountDownLatch latch, Step step) {
        return (source, slot, timeout) -> {
            try {
                latch.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return step.fill(source, slot, timeout);
        };
    }

    /** Says it entered the fill, then waits for the latch before delivering a change. */
    static Step blockUntil(CountDownLatch entered, CountDownLatch go) {
        return (source, slot, timeout) -> {
            entered.countDown();
            try {
                go.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return source.frame(slot, 0, 0, 1, 1);
        };
    }

    private boolean frame(SlotWriter slot, int x, int y, int w, int h) {
        if (slot.width() != width || slot.height() != height) {
            bind(slot);
        }
        frames++;
        slot.memory().set(ValueLayout.JAVA_INT, 0, frames);
        slot.addDirty(x, y, w, h);
        slot.timestampNanos(clock.nanoTime());
        slot.bytesWritten(4L * w * h);
        return true;
    }

    private void bind(SlotWriter slot) {
        slot.bind(arena.allocate(4L * width * height, 64), width, height, width * 4);
    }

    private void record(String what, SlotWriter slot) {
        calls.add(new Call(what, slot == null ? -1 : slot.index(), Thread.currentThread(), clock.millis()));
    }

    List<Call> calls(String what) {
        return calls.stream().filter(c -> c.what().equals(what)).toList();
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void attach(SlotWriter slot) {
        bind(slot);
    }

    @Override
    public boolean fill(SlotWriter slot, long timeoutNanos) {
        record("fill", slot);
        Step step;
        synchronized (this) {
            step = script.poll();
        }
        if (step == null) {
            clock.parkNanos(timeoutNanos);
            return false;
        }
        boolean filled = step.fill(this, slot, timeoutNanos);
        record(filled ? "filled" : "nothing", slot);
        return filled;
    }

    @Override
    public boolean fillRepeat(SlotWriter slot) {
        record("repeat", slot);
        if (refuseRepeats) {
            return false;
        }
        slot.repeat(true);
        slot.timestampNanos(clock.nanoTime());
        return true;
    }

    @Override
    public void released(SlotWriter slot) {
        record("released", slot);
    }

    @Override
    public void wakeUp() {
        record("wakeUp", null);
    }

    @Override
    public long maxWaitNanos() {
        return TimeUnit.SECONDS.toNanos(1);
    }

    @Override
    public void close() {
        record("close", null);
        closed = true;
        arena.close();
    }
}
