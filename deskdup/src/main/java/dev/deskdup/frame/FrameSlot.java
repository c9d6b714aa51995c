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
    /** Whatever the source keeps per slot (e.g. the X shm segment id). */
    private long sourceHandle;
    private Object sourceState;

    // Set per frame.
    private long sequence;
    private long timestampNanos;
    private final int[] dirty = new int[4 * MAX_DIRTY_RECTS];
    private int dirtyCount;
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

    public long sourceHandle() {
        return sourceHandle;
    }

    public void sourceHandle(long handle) {
        this.sourceHandle = handle;
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
        dirtyCount = 1;
        dirty[0] = 0;
        dirty[1] = 0;
        dirty[2] = width;
        dirty[3] = height;
    }

    /** Forgets the dirty rectangles (before adding this frame's). */
    public void clearDirty() {
        dirtyCount = 0;
    }

    /**
     * Adds a dirty rectangle; past {@link #MAX_DIRTY_RECTS} the set collapses into its bounding box.
     */
    public void addDirty(int x, int y, int w, int h) {
        if (w <= 0 || h <= 0) {
            return;
        }
        if (dirtyCount < MAX_DIRTY_RECTS) {
            int o = 4 * dirtyCount++;
            dirty[o] = x;
            dirty[o + 1] = y;
            dirty[o + 2] = w;
            dirty[o + 3] = h;
            return;
        }
        int x0 = x, y0 = y, x1 = x + w, y1 = y + h;
        for (int i = 0; i < dirtyCount; i++) {
            int o = 4 * i;
            x0 = Math.min(x0, dirty[o]);
            y0 = Math.min(y0, dirty[o + 1]);
            x1 = Math.max(x1, dirty[o] + dirty[o + 2]);
            y1 = Math.max(y1, dirty[o + 1] + dirty[o + 3]);
        }
        dirtyCount = 1;
        dirty[0] = x0;
        dirty[1] = y0;
        dirty[2] = x1 - x0;
        dirty[3] = y1 - y0;
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

    boolean isHeld() {
        return state == HELD;
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
        return dirtyCount;
    }

    private int dirtyAt(int index, int field) {
        checkHeld();
        if (index < 0 || index >= dirtyCount) {
            throw new IndexOutOfBoundsException("dirty rect index=" + index + " but dirtyRectCount=" + dirtyCount);
        }
        return dirty[4 * index + field];
    }

    @Override
    public int dirtyRectX(int index) {
        return dirtyAt(index, 0);
    }

    @Override
    public int dirtyRectY(int index) {
        return dirtyAt(index, 1);
    }

    @Override
    public int dirtyRectWidth(int index) {
        return dirtyAt(index, 2);
    }

    @Override
    public int dirtyRectHeight(int index) {
        return dirtyAt(index, 3);
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
