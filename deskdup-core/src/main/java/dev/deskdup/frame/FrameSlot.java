package dev.deskdup.frame;

import dev.deskdup.Frame;
import dev.deskdup.PixelFormat;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One preallocated slot of a {@link FrameRing} and the reusable {@link Frame} view over it.
 *
 * <p>States: {@code FREE → FILLING → HELD → FREE}, and {@code CLOSED} at the end. Every public accessor checks the
 * state first, so a released frame or a frame of a closed capture throws instead of reading memory that belongs to
 * a later frame (or to nobody).
 */
public final class FrameSlot implements Frame {

    static final int FREE = 0;
    static final int FILLING = 1;
    static final int HELD = 2;
    static final int CLOSED = 3;

    /** At most this many dirty rectangles are kept per frame; more become one bounding box. */
    public static final int MAX_DIRTY_RECTS = 16;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(FrameSlot.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final FrameRing ring;
    private final int index;
    private volatile int state = FREE;

    // Set by the source via bind(): the slot's whole memory (writable) and the read-only view handed out.
    private MemorySegment memory = MemorySegment.NULL;
    private MemorySegment view = MemorySegment.NULL;
    private int width;
    private int height;
    private int stride;
    /** Whatever the source keeps per slot (e.g. its shared memory and what it is behind on). */
    private Object sourceState;

    // Set per frame.
    private long sequence;
    private long timestampNanos;
    private final RectSet dirty = new RectSet(MAX_DIRTY_RECTS);
    private final SlotCursor cursor = new SlotCursor();
    private boolean sizeChanged;
    private boolean repeat;
    private long serverTimeMillis;
    private long bytesWritten;

    FrameSlot(FrameRing ring, int index) {
        this.ring = ring;
        this.index = index;
    }

    // ---- for sources -------------------------------------------------------------------------------------------

    public int index() {
        return index;
    }

    /**
     * Gives the slot its memory and geometry. {@code memory} must hold at least {@code stride * height} bytes; the
     * read-only view handed to consumers is made here, once, not per frame.
     */
    public void bind(MemorySegment memory, int width, int height, int stride) {
        long size = (long) stride * (height - 1) + (long) width * 4;
        if (memory.byteSize() < size) {
            throw new IllegalArgumentException("slot memory of " + memory.byteSize() + " bytes is too small for "
                    + width + "x" + height + " stride=" + stride);
        }
        this.memory = memory;
        this.view = memory.asSlice(0, size).asReadOnly();
        this.width = width;
        this.height = height;
        this.stride = stride;
    }

    /** Re-points the view (e.g. at a texture mapped for this frame) without changing the slot's own memory. */
    public void bindView(MemorySegment pixels, int width, int height, int stride) {
        this.view = pixels.asReadOnly();
        this.width = width;
        this.height = height;
        this.stride = stride;
    }

    /** The slot's writable memory, for the source. */
    public MemorySegment memory() {
        return memory;
    }

    public Object sourceState() {
        return sourceState;
    }

    public void sourceState(Object state) {
        this.sourceState = state;
    }

    /** How many bytes the source moved into the slot for this frame (for the bytes-copied counter). */
    public void bytesWritten(long bytes) {
        this.bytesWritten = bytes;
    }

    long takeBytesWritten() {
        long b = bytesWritten;
        bytesWritten = 0;
        return b;
    }

    public void timestampNanos(long nanos) {
        this.timestampNanos = nanos;
    }

    /** Marks the whole frame dirty. */
    public void setFullyDirty() {
        dirty.set(0, 0, width, height);
    }

    /** Forgets the dirty rectangles (before adding this frame's). */
    public void clearDirty() {
        dirty.clear();
    }

    /**
     * Adds a dirty rectangle (coalesced with those it touches); past {@link #MAX_DIRTY_RECTS} the set collapses
     * into its bounding box.
     */
    public void addDirty(int x, int y, int w, int h) {
        dirty.add(x, y, w, h);
    }

    /** This frame's dirty rectangles, for sources that build them in place. */
    public RectSet dirty() {
        return dirty;
    }

    /** Whether this frame's size differs from the previous frame's (set by the source after a resize). */
    public void sizeChanged(boolean changed) {
        this.sizeChanged = changed;
    }

    /** Whether this frame repeats the previous one (nothing changed; a cadence frame). */
    public void repeat(boolean repeat) {
        this.repeat = repeat;
    }

    /** The server's time (ms) of the newest change in this frame; 0 when unknown. */
    public void serverTimeMillis(long millis) {
        this.serverTimeMillis = millis;
    }

    /** The cursor as seen for this frame, written by the source. */
    public SlotCursor cursor() {
        return cursor;
    }

    // ---- for the ring ------------------------------------------------------------------------------------------

    boolean tryClaim() {
        return STATE.compareAndSet(this, FREE, FILLING);
    }

    void unclaim() {
        state = FREE;
    }

    void publish(long sequence) {
        this.sequence = sequence;
        state = HELD;
    }

    void markClosed() {
        state = CLOSED;
    }

    int rawWidth() {
        return width;
    }

    int rawHeight() {
        return height;
    }

    boolean rawSizeChanged() {
        return sizeChanged;
    }

    boolean isFree() {
        return state == FREE;
    }

    // ---- Frame -------------------------------------------------------------------------------------------------

    private void checkHeld() {
        if (state != HELD) {
            throw notHeld();
        }
    }

    private IllegalStateException notHeld() {
        int s = state;
        String why = switch (s) {
            case CLOSED -> "the capture is closed";
            case FREE -> "the frame was released";
            case FILLING -> "the frame was released and its slot is being refilled";
            default -> "state " + s;
        };
        return new IllegalStateException("frame sequence=" + sequence + " is not valid: " + why
                + " (state=" + stateName(s) + "); use a frame only between acquire and release, and copy what must "
                + "outlive it");
    }

    static String stateName(int s) {
        return switch (s) {
            case FREE -> "RELEASED";
            case FILLING -> "REFILLING";
            case HELD -> "HELD";
            case CLOSED -> "CLOSED";
            default -> String.valueOf(s);
        };
    }

    @Override
    public long sequence() {
        checkHeld();
        return sequence;
    }

    @Override
    public long timestampNanos() {
        checkHeld();
        return timestampNanos;
    }

    @Override
    public int width() {
        checkHeld();
        return width;
    }

    @Override
    public int height() {
        checkHeld();
        return height;
    }

    @Override
    public int stride() {
        checkHeld();
        return stride;
    }

    @Override
    public PixelFormat format() {
        checkHeld();
        return PixelFormat.BGRA;
    }

    @Override
    public MemorySegment pixels() {
        checkHeld();
        return view;
    }

    @Override
    public int dirtyRectCount() {
        checkHeld();
        return dirty.count();
    }

    private void checkDirtyIndex(int index) {
        checkHeld();
        if (index < 0 || index >= dirty.count()) {
            throw new IndexOutOfBoundsException("dirty rect index=" + index + " but dirtyRectCount=" + dirty.count());
        }
    }

    @Override
    public int dirtyRectX(int index) {
        checkDirtyIndex(index);
        return dirty.x(index);
    }

    @Override
    public int dirtyRectY(int index) {
        checkDirtyIndex(index);
        return dirty.y(index);
    }

    @Override
    public int dirtyRectWidth(int index) {
        checkDirtyIndex(index);
        return dirty.width(index);
    }

    @Override
    public int dirtyRectHeight(int index) {
        checkDirtyIndex(index);
        return dirty.height(index);
    }

    @Override
    public boolean sizeChanged() {
        checkHeld();
        return sizeChanged;
    }

    @Override
    public boolean isRepeat() {
        checkHeld();
        return repeat;
    }

    @Override
    public long serverTimeMillis() {
        checkHeld();
        return serverTimeMillis;
    }

    @Override
    public boolean cursorVisible() {
        checkHeld();
        return cursor.visible;
    }

    @Override
    public int cursorX() {
        checkHeld();
        return cursor.x;
    }

    @Override
    public int cursorY() {
        checkHeld();
        return cursor.y;
    }

    @Override
    public boolean cursorShapeChanged() {
        checkHeld();
        return cursor.shapeChanged;
    }

    @Override
    public int cursorWidth() {
        checkHeld();
        return cursor.width;
    }

    @Override
    public int cursorHeight() {
        checkHeld();
        return cursor.height;
    }

    @Override
    public int cursorHotspotX() {
        checkHeld();
        return cursor.hotspotX;
    }

    @Override
    public int cursorHotspotY() {
        checkHeld();
        return cursor.hotspotY;
    }

    @Override
    public MemorySegment cursorPixels() {
        checkHeld();
        return cursor.pixels;
    }

    @Override
    public boolean isValid() {
        return state == HELD;
    }

    @Override
    public void release() {
        if (!STATE.compareAndSet(this, HELD, FILLING)) {
            throw notHeld();
        }
        ring.released(this);
    }

    @Override
    public void close() {
        if (state == HELD) {
            release();
        }
    }

    /** Called by the ring after the source has seen the release. */
    void freed() {
        state = FREE;
    }

    @Override
    public String toString() {
        return "Frame[sequence=" + sequence + ", slot=" + index + ", state=" + stateName(state) + ", " + width + "x"
                + height + "]";
    }
}
