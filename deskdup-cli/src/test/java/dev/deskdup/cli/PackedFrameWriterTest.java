package dev.deskdup.cli;

import dev.deskdup.Frame;
import dev.deskdup.PixelFormat;
import dev.deskdup.xvfb.junit.Allocations;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;

import static org.assertj.core.api.Assertions.assertThat;

class PackedFrameWriterTest {

    @Test
    void dropsTheRowPaddingWhenTheStrideIsWiderThanARow() throws Exception {
        int width = 3;
        int height = 2;
        int stride = 20;   // 12 bytes of pixels + 8 of padding per row
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate((long) stride * height);
            for (int i = 0; i < memory.byteSize(); i++) {
                memory.set(ValueLayout.JAVA_BYTE, i, (byte) ((i % stride) < width * 4 ? i : 0xEE));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PackedFrameWriter writer = new PackedFrameWriter(Channels.newChannel(out));

            writer.write(new FakeFrame(memory.asReadOnly(), width, height, stride));

            byte[] expected = new byte[width * 4 * height];
            for (int y = 0; y < height; y++) {
                for (int i = 0; i < width * 4; i++) {
                    expected[y * width * 4 + i] = (byte) (y * stride + i);
                }
            }
            assertThat(out.toByteArray()).containsExactly(expected);
            assertThat(writer.bytesWritten()).isEqualTo(expected.length);
        }
    }

    @Test
    void allocatesNothingPerFrameOnceEachSlotWasSeen() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            FakeFrame[] slots = new FakeFrame[3];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = new FakeFrame(arena.allocate(64 * 4 * 48 + 256).asReadOnly(), 64, 48, 64 * 4 + 256 / 48);
            }
            FakeFrame packed = new FakeFrame(arena.allocate(64 * 4 * 48).asReadOnly(), 64, 48, 64 * 4);
            PackedFrameWriter writer = new PackedFrameWriter(new DiscardingChannel());
            int[] n = {0};
            double perTwoFrames = Allocations.perCall("PackedFrameWriter", 10_000, 100_000, 3, () -> {
                try {
                    writer.write(slots[n[0]++ % 3]);
                    writer.write(packed);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return writer.bytesWritten();
            });
            assertThat(perTwoFrames / 2).as("bytes allocated per frame").isLessThan(1.0);
        }
    }

    /** A channel that takes every byte and keeps none, like a fast reader. */
    private static final class DiscardingChannel implements WritableByteChannel {
        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** A frame over given memory; only what the writer reads is real. */
    private record FakeFrame(MemorySegment pixels, int width, int height, int stride) implements Frame {
        @Override public long sequence() { return 1; }
        @Override public long timestampNanos() { return 0; }
        @Override public PixelFormat format() { return PixelFormat.BGRA; }
        @Override public int dirtyRectCount() { return 0; }
        @Override public int dirtyRectX(int index) { throw new IndexOutOfBoundsException(index); }
        @Override public int dirtyRectY(int index) { throw new IndexOutOfBoundsException(index); }
        @Override public int dirtyRectWidth(int index) { throw new IndexOutOfBoundsException(index); }
        @Override public int dirtyRectHeight(int index) { throw new IndexOutOfBoundsException(index); }
        @Override public boolean sizeChanged() { return false; }
        @Override public boolean isRepeat() { return false; }
        @Override public long serverTimeMillis() { return 0; }
        @Override public boolean cursorVisible() { return false; }
        @Override public int cursorX() { return 0; }
        @Override public int cursorY() { return 0; }
        @Override public boolean cursorShapeChanged() { return false; }
        @Override public int cursorWidth() { return 0; }
        @Override public int cursorHeight() { return 0; }
        @Override public int cursorHotspotX() { return 0; }
        @Override public int cursorHotspotY() { return 0; }
        @Override public MemorySegment cursorPixels() { return MemorySegment.NULL; }
        @Override public boolean isValid() { return true; }
        @Override public void release() { }
        @Override public void close() { }
    }
}
