package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.internal.ring.RingCapture;
import dev.deskdup.spi.NanoClock;

import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;

/** A DXGI capture over a simulated COM layer, and the checks every test ends with. */
final class DxgiFixture implements AutoCloseable {

    static final DxgiRetryPolicy FAST = new DxgiRetryPolicy(20, TimeUnit.MILLISECONDS.toNanos(1),
            TimeUnit.MILLISECONDS.toNanos(2));

    final FakeWorld world;
    DxgiSource source;
    ScreenCapture capture;

    DxgiFixture(int width, int height) {
        world = new FakeWorld(width, height);
    }

    DxgiFixture open(CaptureOptions options) {
        return open(options, FAST);
    }

    DxgiFixture open(CaptureOptions options, DxgiRetryPolicy policy) {
        source = DxgiSource.open(options.source(CaptureOptions.SOURCE_DXGI), new FakeD3d.EntryPoints(world), policy);
        capture = RingCapture.open(source, options, NanoClock.system());
        return this;
    }

    Frame acquire() {
        return capture.acquire(1, TimeUnit.SECONDS);
    }

    /** The frame shows exactly what the desktop shows (at the region's offset). */
    void assertShowsDesktop(Frame f, int originX, int originY) {
        assertThat(f.stride()).isGreaterThanOrEqualTo(f.width() * 4);
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                int got = f.pixels().get(JAVA_INT, (long) y * f.stride() + 4L * x);
                int want = world.desktopPixel(originX + x, originY + y);
                if (got != want) {
                    throw new AssertionError("pixel (" + x + "," + y + ") = " + Integer.toHexString(got)
                            + " but the desktop shows " + Integer.toHexString(want) + " (frame " + f + ")");
                }
            }
        }
    }

    void assertShowsDesktop(Frame f) {
        assertShowsDesktop(f, 0, 0);
    }

    static String dirty(Frame f, int i) {
        return f.dirtyRectX(i) + "," + f.dirtyRectY(i) + "," + f.dirtyRectWidth(i) + "," + f.dirtyRectHeight(i);
    }

    /** Closes the capture and checks: no protocol errors, acquires paired with releases, every reference gone. */
    @Override
    public void close() {
        try {
            if (capture != null) {
                capture.close();
            } else if (source != null) {
                source.close();
            }
            assertThat(world.errors).as("protocol errors seen by the fakes").isEmpty();
            assertThat(world.releasedFrames).as("ReleaseFrame calls").isEqualTo(world.acquired);
            assertThat(world.leaked()).as("COM objects still referenced after close").isEmpty();
        } finally {
            world.close();
        }
    }
}
