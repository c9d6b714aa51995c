package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The steady state of a DXGI capture allocates nothing on the Java heap (fakes included, so the bound is strict). */
class DxgiAllocationTest {

    @Test
    void steadyStateFramesAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (DxgiFixture fx = new DxgiFixture(256, 192)) {
            fx.world.autoFrames = true;
            fx.open(CaptureOptions.defaults());
            long checksum = run(fx, 30_000); // warm-up: JIT compiles the frame path
            long before = threads.getCurrentThreadAllocatedBytes();
            int frames = 10_000;
            checksum += run(fx, frames);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.println("DXGI steady state: " + allocated + " bytes allocated over " + frames + " frames");
            assertThat((double) allocated / frames).as("bytes allocated per frame (total " + allocated + ", checksum "
                    + checksum + ")").isLessThan(1.0);
            try (Frame f = fx.capture.acquire(1, TimeUnit.SECONDS)) {
                fx.assertShowsDesktop(f);
            }
        }
    }

    private static long run(DxgiFixture fx, int frames) {
        long sum = 0;
        for (int i = 0; i < frames; i++) {
            Frame f = fx.capture.acquire(1, TimeUnit.SECONDS);
            sum += f.dirtyRectX(0) + f.stride();
            f.close();
        }
        return sum;
    }
}
