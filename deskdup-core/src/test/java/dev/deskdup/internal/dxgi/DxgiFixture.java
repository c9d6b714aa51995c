package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.internal.ring.RingCapture;
import dev.deskdup.spi.NanoClock;
import dev.deskdup.spi.SlotMemoryAllocator;
import dev.deskdup.spi.SourceContext;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A DXGI capture over a simulated COM layer, on the fake clock (no test waits in real time), and the checks every
 * test ends with: no protocol error, every AcquireNextFrame paired with a ReleaseFrame, every COM reference
 * released, no context call from two threads at once, and each thread's DPI awareness restored.
 */
final class DxgiFixture implements AutoCloseable {

    final FakeWorld world;
    NanoClock clock;
    SlotMemoryAllocator memory;
    DxgiSource source;
    ScreenCapture capture;
    /** The thread that opened the capture: its DPI awareness must be what it was before. */
    private Thread opener;

    DxgiFixture(int width, int height) {
        world = new FakeWorld(width, height);
        clock = world.clock;
    }

    /** Runs the capture on the machine's clock (for streams on a capture thread). */
    DxgiFixture systemClock() {
        clock = NanoClock.system();
        return this;
    }

    DxgiFixture open(CaptureOptions options) {
        return open(options, DxgiRetryPolicy.DEFAULT);
    }

    DxgiFixture open(CaptureOptions options, DxgiRetryPolicy policy) {
        opener = Thread.currentThread();
        source = DxgiSource.open(options.source(CaptureOptions.SOURCE_DXGI),
                new SourceContext(options.slots(), clock, memory), new FakeD3d.EntryPoints(world), policy);
        capture = RingCapture.open(source, options, clock);
        return this;
    }

    Frame acquire() {
        return capture.acquire(1, TimeUnit.SECONDS);
    }

    /** The frame shows exactly what the output shows (at the region's offset, in desktop orientation). */
    void assertShowsDesktop(Frame f, int originX, int originY) {
        assertThat(f.stride()).isGreaterThanOrEqualTo(f.width() * 4);
        assertNotMapped(f);
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

    /**
     * The frame's pixels are not memory a staging texture is or was mapped at: checked before anything reads
     * them, so that a regression fails this assertion instead of faulting on a page Unmap made unreadable.
     */
    void assertNotMapped(Frame f) {
        assertThat(world.overlapsMappedMemory(f.pixels().address(), f.pixels().byteSize()))
                .as("frame pixels at 0x%x lie in a staging texture's mapping", f.pixels().address()).isFalse();
    }

    /** A frame of the desktop whose only change is an 8×8 box at (x, y). */
    static FakeEvent.Image image(int x, int y) {
        return new FakeEvent.Image(List.<int[]>of(new int[] {x, y, 8, 8}));
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
            if (opener != null) {
                assertThat(world.dpiOf(opener)).as("the opening thread's DPI awareness, restored")
                        .isEqualTo(FakeWorld.DPI_UNAWARE);
            }
        } finally {
            world.close();
        }
    }
}
