package dev.deskdup.internal.synthetic;

import dev.deskdup.CaptureOptions;
import dev.deskdup.SyntheticPattern;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.NanoClock;
import dev.deskdup.spi.SlotMemory;
import dev.deskdup.spi.SlotMemoryAllocator;
import dev.deskdup.spi.SlotWriter;
import dev.deskdup.spi.SourceContext;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A deterministic test pattern: frame {@code n}'s pixel at {@code (x, y)} is {@link SyntheticPattern#pixel}, a
 * pure function, so tests can check every byte. Written into the same slots through the same path as a real source
 * (including memory from a {@link SlotMemoryAllocator}). The pace is set with {@code maxFps} like any source;
 * unpaced, every fill produces the next frame at once.
 */
final class SyntheticSource implements CaptureSource {

    private static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Arena arena = Arena.ofShared();
    private final NanoClock clock;
    private final SlotMemoryAllocator external;
    private final SlotMemory[] externalMemory;
    private final boolean checksum;
    private final int width;
    private final int height;
    private final int originX;
    private final int originY;
    private long frameNumber;
    private volatile boolean closed;

    SyntheticSource(CaptureOptions options, SourceContext context) {
        // Any cursor mode is honoured: the pattern's screen has no pointer, so no frame shows one.
        if (options.monitor() != null && !options.monitor().equals("0")
                && !options.monitor().equals(CaptureOptions.SOURCE_SYNTHETIC)) {
            throw new IllegalArgumentException("monitor=" + options.monitor() + " not found on source=synthetic "
                    + "(monitors: 0=synthetic, the whole pattern)");
        }
        if (options.window() != null) {
            throw new IllegalArgumentException("window=" + options.window() + " cannot be honoured by "
                    + "source=synthetic (the test pattern has no windows; capture an X display with source=x11)");
        }
        int w = options.syntheticWidth();
        int h = options.syntheticHeight();
        int x = 0;
        int y = 0;
        if (options.region() != null) {
            options.region().checkWithin(w, h);
            x = options.region().x();
            y = options.region().y();
            w = options.region().width();
            h = options.region().height();
        }
        this.width = w;
        this.height = h;
        this.originX = x;
        this.originY = y;
        this.clock = context.clock();
        this.external = context.memory();
        this.externalMemory = new SlotMemory[context.slots()];
        this.checksum = options.syntheticChecksum();
        if (checksum && (long) w * h < 2) {
            throw new IllegalArgumentException("syntheticChecksum needs at least 2 pixels, the area is " + w + "x" + h);
        }
    }

    @Override
    public String name() {
        return CaptureOptions.SOURCE_SYNTHETIC;
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
    public boolean zeroCopy() {
        return true;
    }

    @Override
    public void attach(SlotWriter slot) {
        int stride = width * 4;
        MemorySegment memory;
        if (external != null) {
            SlotMemory m = external.allocate(slot.index(), width, height, stride);
            externalMemory[slot.index()] = m;
            memory = m.segment();
        } else {
            memory = arena.allocate((long) stride * height, 64);
        }
        slot.bind(memory, width, height, stride);
    }

    @Override
    public boolean fill(SlotWriter slot, long timeoutNanos) {
        long n = ++frameNumber;
        MemorySegment m = slot.memory();
        long offset = 0;
        int sum = 0;
        for (int y = originY; y < originY + height; y++) {
            for (int x = originX; x < originX + width; x++) {
                int p = SyntheticPattern.pixel(n, x, y);
                m.set(PIXEL, offset, p);
                sum += p;
                offset += 4;
            }
        }
        if (checksum) {
            // First pixel: the frame number; second: the sum of all the others (see CaptureOptions.syntheticChecksum).
            int first = m.get(PIXEL, 0);
            int second = m.get(PIXEL, 4);
            m.set(PIXEL, 0, (int) n);
            m.set(PIXEL, 4, sum - first - second + (int) n);
        }
        slot.setFullyDirty();
        slot.bytesWritten(offset);
        slot.timestampNanos(clock.nanoTime());
        return true;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                for (SlotMemory m : externalMemory) {
                    if (m != null) {
                        m.close();
                    }
                }
            } finally {
                arena.close();
            }
        }
    }
}
