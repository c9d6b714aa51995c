package dev.deskdup.internal.ring;

import dev.deskdup.spi.RectSet;
import dev.deskdup.spi.SlotWriter;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One preallocated slot of the ring: the memory a source fills, the facts of the frame in it, and the one
 * {@link SlotFrame} view handed to consumers. The source writes it through {@link SlotWriter}; the consumer reads
 * it only through the view, which holds the slot privately.
 *
 * <h2>States</h2>
 * <pre>
 *             claim (filling thread, CAS)            publish (filling thread; LATEST: the delivery thread)
 *   FREE ──────────────────────────────▶ FILLING ─────────────────────────────────────────────────▶ HELD
 *    ▲  ◀──── unclaim: no frame came ────┘ │  ▲                                                       │
 *    │                          offer      │  │ take back to refill: dropped                          │ release
 *    │            (LATEST, capture thread) ▼  │ (LATEST, capture thread)                              │ (consumer,
 *    │                                   READY ── take (delivery thread) ── publish ──▶ HELD          │ any thread,
 *    │                                     │                                                          │ CAS)
 *    │                                     └── replaced by a newer frame: dropped ─────┐              ▼
 *    └───────── freed: the source has heard of the release (filling thread) ◀──── RELEASING ◀────────┘
 *   any state ── close (after the filling thread has stopped) ──▶ CLOSED
 * </pre>
 *
 * <p>Memory ordering: {@code state} is read with acquire semantics (a volatile read) by every accessor of the
 * view, and written with release semantics (a volatile write or a CAS) after the facts it guards: the filling
 * thread writes pixels and facts, then publishes {@code HELD}; a consumer that reads {@code HELD} sees them. Only
 * the thread that owns a state (the diagram) moves the slot out of it, so a volatile write suffices except where
 * two threads race: claim (a filler against close) and release (a consumer against close), which are CAS.
 */
final class Slot implements SlotWriter {

    static final int FREE = 0;
    static final int FILLING = 1;
    static final int READY = 2;
    static final int HELD = 3;
    static final int RELEASING = 4;
    static final int CLOSED = 5;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Slot.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int index;
    private final ReleaseHandler releases;
    private final SlotFrame frame;
    private volatile int state = FREE;

    // Bound by the source: the slot's writable memory and the read-only view handed out.
    MemorySegment memory = MemorySegment.NULL;
    MemorySegment view = MemorySegment.NULL;
    int width;
    int height;
    int stride;

    // Per frame: written by the filling thread (sequence and sizeChanged by the delivering thread) before publish.
    long sequence;
    long timestampNanos;
    final RectSet dirty = new RectSet(MAX_DIRTY_RECTS);
    final SlotCursor cursor = new SlotCursor();
    boolean sizeChanged;
    boolean repeat;
    long serverTimeMillis;
    long bytesWritten;

    Slot(int index, ReleaseHandler releases) {
        this.index = index;
        this.releases = releases;
        this.frame = new SlotFrame(this);
    }

    /** The consumer's view of this slot (one object, reused for every frame). */
    SlotFrame frame() {
        return frame;
    }

    // ---- SlotWriter: the source's side -------------------------------------------------------------------------

    @Override
    public int index() {
        return index;
    }

    @Override
    public void bind(MemorySegment memory, int width, int height, int stride) {
        long size = requiredBytes(width, height, stride);
        if (memory.byteSize() < size) {
            throw new IllegalArgumentException("slot=" + index + ": memory of " + memory.byteSize() + " bytes is "
                    + "too small for " + width + "x" + height + " stride=" + stride + " (needs " + size + ")");
        }
        bindChecked(memory, memory.asSlice(0, size).asReadOnly(), width, height, stride);
    }

    @Override
    public void bind(MemorySegment memory, MemorySegment readOnlyView, int width, int height, int stride) {
        long size = requiredBytes(width, height, stride);
        if (!readOnlyView.isReadOnly()) {
            throw new IllegalArgumentException("slot=" + index + ": the view handed to consumers must be read-only "
                    + "(make it once with asReadOnly())");
        }
        if (memory.byteSize() < size || readOnlyView.byteSize() < size) {
            throw new IllegalArgumentException("slot=" + index + ": memory of " + memory.byteSize() + " bytes (view "
                    + readOnlyView.byteSize() + ") is too small for " + width + "x" + height + " stride=" + stride
                    + " (needs " + size + ")");
        }
        bindChecked(memory, readOnlyView, width, height, stride);
    }

    private static long requiredBytes(int width, int height, int stride) {
        if (width <= 0 || height <= 0 || stride < 4L * width) {
            throw new IllegalArgumentException("geometry " + width + "x" + height + " stride=" + stride
                    + " is not valid (width, height >= 1, stride >= width * 4)");
        }
        return (long) stride * (height - 1) + 4L * width;
    }

    private void bindChecked(MemorySegment memory, MemorySegment view, int width, int height, int stride) {
        this.memory = memory;
        this.view = view;
        this.width = width;
        this.height = height;
        this.stride = stride;
    }

    @Override
    public MemorySegment memory() {
        return memory;
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
    public int stride() {
        return stride;
    }

    @Override
    public RectSet dirty() {
        return dirty;
    }

    @Override
    public void repeat(boolean repeat) {
        this.repeat = repeat;
    }

    @Override
    public void serverTimeMillis(long millis) {
        this.serverTimeMillis = millis;
    }

    @Override
    public void timestampNanos(long nanos) {
        this.timestampNanos = nanos;
    }

    @Override
    public void bytesWritten(long bytes) {
        this.bytesWritten = bytes;
    }

    @Override
    public SlotCursor cursor() {
        return cursor;
    }

    // ---- the ring's side ---------------------------------------------------------------------------------------

    /** FREE → FILLING; false when the slot is not free. */
    boolean tryClaim() {
        return STATE.compareAndSet(this, FREE, FILLING);
    }

    /** Before a fill: forgets the facts of the slot's previous frame (the pixels stay: the source catches up). */
    void clearFrameFacts() {
        dirty.clear();
        repeat = false;
        sizeChanged = false;
        serverTimeMillis = 0;
        bytesWritten = 0;
        cursor.shapeChanged(false);
    }

    /** FILLING → FREE: nothing was filled. */
    void unclaim() {
        STATE.compareAndSet(this, FILLING, FREE);
    }

    /** FILLING → READY (LATEST: filled, waiting for the delivery thread). */
    void offer() {
        state = READY;
    }

    /** READY → FILLING (LATEST: the capture thread takes a waiting frame back to refill it; it is dropped). */
    void takeBack() {
        state = FILLING;
    }

    /** FILLING/READY → HELD, numbered: the consumer may read it now. */
    void publish(long sequence, boolean sizeChanged) {
        this.sequence = sequence;
        this.sizeChanged = sizeChanged;
        state = HELD;
    }

    /** READY/FILLING → RELEASING (LATEST: dropped before delivery, or left over at the end; the source hears of it). */
    void dropped() {
        state = RELEASING;
    }

    /** HELD → RELEASING by the consumer; false when the frame was not held (released already, capture closed). */
    boolean tryRelease() {
        return STATE.compareAndSet(this, HELD, RELEASING);
    }

    /** RELEASING → FREE: the source has heard of the release. Filling thread. */
    void freed() {
        STATE.compareAndSet(this, RELEASING, FREE);
    }

    /** Any → CLOSED. */
    void close() {
        state = CLOSED;
    }

    int state() {
        return state;
    }

    boolean isFree() {
        return state == FREE;
    }

    boolean isHeld() {
        return state == HELD;
    }

    /** The consumer is done with its frame: the filling thread tells the source and frees the slot. */
    void release() {
        if (!tryRelease()) {
            throw notHeld();
        }
        releases.released(this);
    }

    /**
     * Why the frame cannot be used, in the consumer's words: a frame is {@code HELD}, {@code RELEASED} (whatever
     * its slot is doing meanwhile) or {@code CLOSED}.
     */
    IllegalStateException notHeld() {
        int s = state;
        String why = s == CLOSED ? "the capture is closed (state=CLOSED)"
                : "the frame was released (state=RELEASED; its slot is " + stateName(s) + ")";
        return new IllegalStateException("frame sequence=" + sequence + " is not valid: " + why
                + "; use a frame only between acquire and release, and copy what must outlive it");
    }

    static String stateName(int s) {
        return switch (s) {
            case FREE -> "FREE";
            case FILLING -> "FILLING";
            case READY -> "READY";
            case HELD -> "HELD";
            case RELEASING -> "RELEASING";
            case CLOSED -> "CLOSED";
            default -> String.valueOf(s);
        };
    }

    @Override
    public String toString() {
        return "Slot[index=" + index + ", state=" + stateName(state) + ", sequence=" + sequence + ", " + width + "x"
                + height + "]";
    }
}
