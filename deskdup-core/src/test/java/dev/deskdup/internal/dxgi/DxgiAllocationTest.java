package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Frame;
import dev.deskdup.xvfb.junit.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The steady state of a DXGI capture allocates nothing on the Java heap: acquire, GPU copies, Map, the CPU copy
 * into the slot, Unmap, release (fakes included, so the bound is strict).
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
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

    @Test
    void rotatedFramesWithTheCursorTrackedInTwoSlotsAllocateNothing() {
        try (DxgiFixture fx = new DxgiFixture(256, 192)) {
            fx.world.autoFrames = true;
            fx.world.resize(256, 192, DxgiRotation.DXGI_MODE_ROTATION_ROTATE90,
                    DxgiPixelFormat.DXGI_FORMAT_B8G8R8A8_UNORM);
            fx.open(CaptureOptions.defaults().slots(3).cursor(CursorMode.COMPOSITED));
            double perFrame = Allocations.perCall("DXGI rotated, cursor, slots alternating", 15_000, 5_000, 3,
                    () -> runAlternating(fx));
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

    /** Holds one frame while the next fills another slot, so each slot catches up on what it missed. */
    private static long runAlternating(DxgiFixture fx) {
        Frame a = fx.capture.acquire(1, TimeUnit.SECONDS);
        Frame b = fx.capture.acquire(1, TimeUnit.SECONDS);
        long sum = a.dirtyRectX(0) + b.stride();
        a.close();
        b.close();
        return sum;
    }
}
