package dev.deskdup.internal.dxgi;

import dev.deskdup.xvfb.junit.Allocations;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The steady state of a DXGI capture allocates nothing on the Java heap (fakes included, so the bound is strict). */
class DxgiAllocationTest {

    @Test
    void steadyStateFramesAllocateNothing() {
        try (DxgiFixture fx = new DxgiFixture(256, 192)) {
            fx.world.autoFrames = true;
            fx.open(CaptureOptions.defaults());
            double perFrame = Allocations.perCall("DXGI steady state", 30_000, 10_000, 3, () -> run(fx, 1));
            assertThat(perFrame).as("bytes allocated per frame").isLessThan(1.0);
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
