package dev.deskdup.cli;

import dev.deskdup.xvfb.junit.Allocations;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.Channels;

import static org.assertj.core.api.Assertions.assertThat;

class PackedFrameWriterTest {

    @Test
    void dropsTheRowPaddingWhenTheStrideIsWiderThanARow() throws Exception {
        int width = 3;
        int height = 2;
        int stride = 20;   // 12 bytes of pixels + 8 of padding per row
        try (Arena arena = Arena.ofConfined()) {
            TestFrame frame = new TestFrame(arena, width, height, stride);
            MemorySegment memory = frame.pixels();
            for (int i = 0; i < memory.byteSize(); i++) {
                memory.set(ValueLayout.JAVA_BYTE, i, (byte) ((i % stride) < width * 4 ? i : 0xEE));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PackedFrameWriter writer = new PackedFrameWriter(Channels.newChannel(out));

            writer.write(frame);

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
            TestFrame[] slots = new TestFrame[3];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = new TestFrame(arena, 64, 48, 64 * 4 + 256 / 48);
            }
            TestFrame packed = new TestFrame(arena, 64, 48, 64 * 4);
            PackedFrameWriter writer = new PackedFrameWriter(new CountingChannel());
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
}
