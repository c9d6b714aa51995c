package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long seeded session mixing everything the fakes can script (dirty and move rects, timeouts, pointer-only
 * updates, shapes, ACCESS_LOST, mode changes with rotations and formats, device resets, E_ACCESSDENIED, failing
 * texture creation and Map, MORE_DATA) while the consumer holds up to two frames: every delivered frame shows the
 * desktop exactly, and held frames never change under the consumer.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DxgiSessionTest {

    @Test
    void everyFrameOfAMixedSessionShowsTheDesktopExactly() {
        Random r = new Random(20261129);
        try (DxgiFixture fx = new DxgiFixture(160, 120)) {
            FakeWorld w = fx.world;
            fx.open(CaptureOptions.defaults().slots(3).cursor(CursorMode.SEPARATE));
            ArrayDeque<Frame> held = new ArrayDeque<>();
            List<Long> heldSums = new ArrayList<>();
            int delivered = 0;
            for (int step = 0; step < 400; step++) {
                script(r, w);
                Frame f = fx.capture.acquire(3, TimeUnit.SECONDS); // virtual: covers every backoff
                if (f == null) {
                    continue;
                }
                delivered++;
                assertThat(f.width()).isEqualTo(w.outputWidth());
                fx.assertShowsDesktop(f);
                held.addLast(f);
                heldSums.add(checksum(f));
                while (held.size() > r.nextInt(3)) {
                    Frame old = held.removeFirst();
                    assertThat(checksum(old)).as("held frame unchanged").isEqualTo(heldSums.removeFirst());
                    old.close();
                }
            }
            held.forEach(Frame::close);
            assertThat(delivered).isGreaterThan(250);
            assertThat(w.moreDataAnswers).isPositive();
            assertThat(w.duplicationsCreated).isGreaterThan(3);
        }
    }

    /** Queues one step: mostly an image, sometimes noise before it. */
    private static void script(Random r, FakeWorld w) {
        int kind = r.nextInt(24);
        switch (kind) {
            case 0 -> w.script.add(new FakeEvent.Timeout());
            case 1 -> w.script.add(new FakeEvent.PointerOnly(new FakeEvent.Pointer(r.nextInt(w.outputWidth()),
                    r.nextInt(w.outputHeight()), r.nextBoolean(), r.nextBoolean() ? shape(r) : null)));
            case 2 -> w.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_ACCESS_LOST));
            case 3 -> {
                w.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_ACCESS_LOST));
                for (int i = 1 + r.nextInt(3); i > 0; i--) {
                    w.duplicateResults.add(HResult.E_ACCESSDENIED);
                }
            }
            case 4 -> w.script.add(r.nextBoolean() ? new FakeEvent.ModeChange(160, 120)
                    : new FakeEvent.ModeChange(96 + 8 * r.nextInt(4), 64 + 8 * r.nextInt(4), 1 + r.nextInt(4),
                    r.nextInt(4) == 0 ? DxgiPixelFormat.DXGI_FORMAT_R8G8B8A8_UNORM
                            : DxgiPixelFormat.DXGI_FORMAT_B8G8R8A8_UNORM));
            case 5 -> w.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_DEVICE_RESET));
            case 6 -> w.textureResults.add(HResult.E_OUTOFMEMORY);
            case 7 -> w.mapResults.add(HResult.E_OUTOFMEMORY);
            default -> {
            }
        }
        // the image; the size is read when the event runs, so rects are made to fit the smallest texture
        int n = kind == 23 ? 70 + r.nextInt(40) : r.nextInt(4);
        List<int[]> dirty = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int x = r.nextInt(60);
            int y = r.nextInt(60);
            dirty.add(new int[] {x, y, 1 + r.nextInt(64 - x), 1 + r.nextInt(64 - y)});
        }
        List<int[]> moves = new ArrayList<>();
        if (r.nextInt(4) == 0) {
            int wdt = 1 + r.nextInt(30);
            int hgt = 1 + r.nextInt(30);
            moves.add(new int[] {r.nextInt(64 - wdt), r.nextInt(64 - hgt), r.nextInt(64 - wdt), r.nextInt(64 - hgt),
                    wdt, hgt});
        }
        w.script.add(new FakeEvent.Image(dirty, moves, new FakeEvent.Pointer(r.nextInt(64), r.nextInt(64), true,
                r.nextInt(10) == 0 ? shape(r) : null), r.nextInt(30) != 0, 1));
    }

    private static FakeShape shape(Random r) {
        int size = 1 + r.nextInt(48);
        return switch (r.nextInt(3)) {
            case 0 -> FakeShape.color(size, size, 0, 0, new int[size * size]);
            case 1 -> FakeShape.masked(size, size, 0, 0, new int[size * size]);
            default -> FakeShape.mono(size, size, 0, 0, new boolean[size * size], new boolean[size * size]);
        };
    }

    private static long checksum(Frame f) {
        long sum = 0;
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                sum = sum * 31 + f.pixels().get(JAVA_INT, (long) y * f.stride() + 4L * x);
            }
        }
        return sum;
    }
}
