package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.Region;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.junit.WithXvfb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input gets a clear exception naming the bad value, and nothing crashes or leaks. */
@WithXvfb(width = 200, height = 100)
class X11BadInputTest {

    static VirtualDisplay xvfb;

    @BeforeAll
    static void startServer(VirtualDisplay display) {
        xvfb = display;
    }


    static CaptureOptions options() {
        return CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority()).source(CaptureOptions.SOURCE_X11);
    }

    @Test
    void regionPartlyOffScreenIsRejectedNamingRegionAndScreen() {
        assertThatThrownBy(() -> ScreenCapture.open(options().region(Region.of(150, 50, 100, 20))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region=150,50,100,20")
                .hasMessageContaining("partly")
                .hasMessageContaining("screen=200x100");
    }

    @Test
    void regionWhollyOffScreenIsRejected() {
        assertThatThrownBy(() -> ScreenCapture.open(options().region(Region.of(500, 500, 10, 10))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region=500,500,10,10")
                .hasMessageContaining("wholly");
    }

    @Test
    void negativeRegionOriginIsRejected() {
        assertThatThrownBy(() -> ScreenCapture.open(options().region(Region.of(-1, 0, 10, 10))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region=-1,0,10,10");
    }

    @Test
    void zeroOrNegativeSizeIsRejectedNamingTheSize() {
        assertThatThrownBy(() -> Region.of(0, 0, 0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("width=0");
        assertThatThrownBy(() -> Region.of(0, 0, 10, -5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("height=-5");
    }

    @Test
    void displayNamingNoServerIsAClearCaptureException() {
        assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults().display(":987")
                .source(CaptureOptions.SOURCE_X11)))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("display=:987")
                .hasMessageContaining("--virtual");
    }

    @Test
    void frameUsedAfterReleaseThrowsNamingSequenceAndState() {
        try (ScreenCapture capture = ScreenCapture.open(options())) {
            Frame frame = capture.acquire(1, TimeUnit.SECONDS);
            long sequence = frame.sequence();
            frame.release();
            assertThatThrownBy(frame::pixels)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sequence=" + sequence)
                    .hasMessageContaining("RELEASED");
            assertThatThrownBy(frame::release).isInstanceOf(IllegalStateException.class);
            assertThatCode(frame::close).doesNotThrowAnyException();
        }
    }

    @Test
    void frameOfClosedCaptureThrowsAndItsPixelsCannotBeRead() {
        ScreenCapture capture = ScreenCapture.open(options());
        Frame frame = capture.acquire(1, TimeUnit.SECONDS);
        MemorySegment kept = frame.pixels();
        capture.close();
        assertThatThrownBy(frame::width)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLOSED");
        // The unmapped memory is never read: FFM refuses access to a segment of a closed arena.
        assertThatThrownBy(() -> kept.get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void captureUsedAfterCloseThrows() {
        ScreenCapture capture = ScreenCapture.open(options());
        capture.close();
        assertThatThrownBy(() -> capture.acquire(1, TimeUnit.SECONDS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> capture.stream(frame -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closingTwiceIsANoOp() {
        ScreenCapture capture = ScreenCapture.open(options());
        capture.close();
        assertThatCode(capture::close).doesNotThrowAnyException();
    }

    @Test
    void acquiringMoreFramesThanSlotsSaysToReleaseOne() {
        // full-frame mode: a frame per acquire even on this idle screen (change tracking would wait for a change)
        try (ScreenCapture capture = ScreenCapture.open(options().slots(2).changeTracking(false))) {
            Frame a = capture.acquire(1, TimeUnit.SECONDS);
            Frame b = capture.acquire(1, TimeUnit.SECONDS);
            assertThatThrownBy(() -> capture.acquire(1, TimeUnit.SECONDS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("slots=2");
            a.release();
            assertThat(capture.acquire(1, TimeUnit.SECONDS)).isNotNull();
            b.release();
        }
    }

    @Test
    void slotCountOutOfRangeIsRejected() {
        assertThatThrownBy(() -> CaptureOptions.defaults().slots(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slots=0");
    }

    @Test
    void unknownSourceNameIsRejected() {
        assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults().source("vnc")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source=vnc");
    }
}
