package dev.deskdup.internal.wayland;

import dev.deskdup.spi.CursorWriter;
import dev.deskdup.spi.RectSet;
import dev.deskdup.spi.SlotWriter;

import java.lang.foreign.MemorySegment;

/**
 * A slot as the ring will drive it, for testing a source through the SPI alone: it checks what {@code bind} must
 * check, clears the per-frame facts before each fill ({@link #beginFill()}), and records what the source wrote.
 */
final class TestSlot implements SlotWriter, CursorWriter {

    private final int index;
    private final RectSet dirty = new RectSet(MAX_DIRTY_RECTS);
    MemorySegment memory = MemorySegment.NULL;
    MemorySegment view = MemorySegment.NULL;
    int width, height, stride;
    boolean repeat;
    long serverTimeMillis, timestampNanos, bytesWritten;
    int binds;
    // cursor
    int cursorX, cursorY;
    boolean cursorVisible, shapeChanged;
    long shapeSerial;
    int shapeWidth, shapeHeight, hotspotX, hotspotY;
    MemorySegment shapePixels = MemorySegment.NULL;

    TestSlot(int index) {
        this.index = index;
    }

    static TestSlot[] ring(int n) {
        TestSlot[] s = new TestSlot[n];
        for (int i = 0; i < n; i++) {
            s[i] = new TestSlot(i);
        }
        return s;
    }

    /** What the ring does before asking the source to fill. */
    void beginFill() {
        dirty.clear();
        repeat = false;
        bytesWritten = 0;
        shapeChanged = false;
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public void bind(MemorySegment memory, int width, int height, int stride) {
        bind(memory, memory.asReadOnly(), width, height, stride);
    }

    @Override
    public void bind(MemorySegment memory, MemorySegment readOnlyView, int width, int height, int stride) {
        long need = (long) stride * (height - 1) + 4L * width;
        if (!readOnlyView.isReadOnly()) {
            throw new IllegalArgumentException("view is writable");
        }
        if (memory.byteSize() < need || readOnlyView.byteSize() < need || stride < 4 * width) {
            throw new IllegalArgumentException("too small: " + memory.byteSize() + " for " + width + "x" + height
                    + " stride " + stride);
        }
        this.memory = memory;
        this.view = readOnlyView;
        this.width = width;
        this.height = height;
        this.stride = stride;
        binds++;
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
    public CursorWriter cursor() {
        return this;
    }

    @Override
    public void position(int x, int y, boolean visible) {
        cursorX = x;
        cursorY = y;
        cursorVisible = visible;
    }

    @Override
    public void shape(long serial, int width, int height, int hotspotX, int hotspotY, MemorySegment pixels) {
        if (!pixels.isReadOnly() || pixels.byteSize() < 4L * width * height) {
            throw new IllegalArgumentException("bad shape pixels");
        }
        shapeSerial = serial;
        shapeWidth = width;
        shapeHeight = height;
        this.hotspotX = hotspotX;
        this.hotspotY = hotspotY;
        shapePixels = pixels;
    }

    @Override
    public void shapeChanged(boolean changed) {
        shapeChanged = changed;
    }

    @Override
    public long serial() {
        return shapeSerial;
    }

    @Override
    public void clear() {
        cursorVisible = false;
        shapeSerial = 0;
        shapePixels = MemorySegment.NULL;
    }

    int pixel(int x, int y) {
        return view.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, (long) y * stride + 4L * x);
    }
}
