package dev.deskdup.internal.share;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.RingPublisher;
import dev.deskdup.RingReader;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import dev.deskdup.xvfb.junit.WithXvfb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The X11 source publishing into a ring: the X server writes each frame straight into the ring file (os-direct, zero
 * copy), and what a second X client draws arrives in a reader exactly, pixel for pixel.
 */
@WithXvfb(width = 160, height = 120)
@Timeout(60)
class RingX11Test {

    @Test
    void whatASecondClientDrawsArrivesExactlyAndTheServerWroteItIntoTheRingFile(VirtualDisplay xvfb,
                                                                              X11Painter painter) {
        String name = RingLifecycleTest.name("x11");
        CaptureOptions options = CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())
                .source(CaptureOptions.SOURCE_X11);
        try (RingPublisher ring = RingPublisher.start(name, options, 2);
             RingReader reader = RingReader.open(name, 5, TimeUnit.SECONDS)) {
            for (int round = 0; round < 5; round++) {
                int rgb = 0x102030 * (round + 1) & 0xFFFFFF;
                int x = 10 + 20 * round;
                painter.fillRect(0, 0, 160, 120, 0x000000);
                painter.fillRect(x, 30, 25, 17, rgb);
                painter.sync();
                Frame match = awaitPixel(reader, x + 3, 33, 0xFF000000 | rgb);
                try (match) {
                    MemorySegment px = match.pixels();
                    for (int y = 0; y < 120; y++) {
                        for (int i = 0; i < 160; i++) {
                            int want = i >= x && i < x + 25 && y >= 30 && y < 47 ? rgb : 0;
                            int got = px.get(Checksums.PIXEL, (long) y * match.stride() + 4L * i) & 0xFFFFFF;
                            assertThat(got).as("pixel (%d,%d) of round %d", i, y, round).isEqualTo(want);
                        }
                    }
                }
            }
            assertThat(ring.writePath()).isEqualTo("os-direct");
            assertThat(RingReader.status(name).writePath()).isEqualTo("os-direct");
        }
    }

    /** The first frame whose pixel (x, y) is {@code argb}; earlier frames are released. */
    static Frame awaitPixel(RingReader reader, int x, int y, int argb) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            Frame f = reader.acquire(200, TimeUnit.MILLISECONDS);
            if (f == null) {
                continue;
            }
            int got = f.pixels().get(Checksums.PIXEL, (long) y * f.stride() + 4L * x);
            if ((got | 0xFF000000) == argb) {
                return f;
            }
            f.release();
        }
        throw new AssertionError("no frame with pixel (" + x + "," + y + ") = 0x" + Integer.toHexString(argb));
    }
}
