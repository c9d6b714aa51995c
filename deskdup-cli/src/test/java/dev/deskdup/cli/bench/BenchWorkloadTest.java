package dev.deskdup.cli.bench;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.junit.WithXvfb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scripted workloads of the damage contenders draw what they say, so that those contenders measure the change
 * they claim to once the library tracks changes.
 */
@WithXvfb(width = 320, height = 240)
class BenchWorkloadTest {

    private static VirtualDisplay xvfb;
    private static BenchTarget target;

    @BeforeAll
    static void startXvfb(VirtualDisplay display) {
        xvfb = display;
        target = new BenchTarget(xvfb.display(), xvfb.xauthority(), 320, 240, xvfb.pid());
    }


    private static int rgbAt(int x, int y) {
        try (ScreenCapture capture = ScreenCapture.open(target.captureOptions()
                .source(CaptureOptions.SOURCE_X11))) {
            Frame frame = capture.acquire(5, TimeUnit.SECONDS);
            assertThat(frame).isNotNull();
            try (frame) {
                return frame.pixels().get(JAVA_INT_UNALIGNED, (long) y * frame.stride() + x * 4L) & 0xFFFFFF;
            }
        }
    }

    @Test
    void movingSquareMovesA64PixelSquare() {
        try (Workload square = Workload.movingSquare(target)) {
            square.step();   // square at 7,5
            assertThat(rgbAt(7, 5)).isEqualTo(0xFF8000);
            assertThat(rgbAt(7 + 63, 5 + 63)).isEqualTo(0xFF8000);
            assertThat(rgbAt(7 + 64, 5 + 64)).isNotEqualTo(0xFF8000);
            square.step();   // square at 14,10; its old place is erased
            assertThat(rgbAt(7, 5)).isEqualTo(0x202020);
            assertThat(rgbAt(14 + 63, 10 + 63)).isEqualTo(0xFF8000);
        }
    }

    @Test
    void fullScreenChangeRepaintsEveryPixel() {
        try (Workload full = Workload.fullScreenChange(target)) {
            full.step();
            assertThat(rgbAt(0, 0)).isEqualTo(0x3060A0);
            assertThat(rgbAt(319, 239)).isEqualTo(0x3060A0);
            full.step();
            assertThat(rgbAt(0, 0)).isEqualTo(0xA06030);
            assertThat(rgbAt(319, 239)).isEqualTo(0xA06030);
        }
    }
}
