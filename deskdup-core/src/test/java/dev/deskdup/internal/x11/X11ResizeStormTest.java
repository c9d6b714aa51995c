package dev.deskdup.internal.x11;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Change-driven capture through storms of back-to-back screen resizes while a painter keeps the whole screen one
 * colour (changing it all the time): every frame must be one screen at one moment, so one size (its pixels exactly
 * that size) and one colour. A frame read at the old size after the screen changed (the resize's damage collected
 * before its ConfigureNotify was seen) shows the new screen in one corner and stale pixels elsewhere.
 */
@Timeout(240)
class X11ResizeStormTest {

    private static final int FRAMES = 20_000;
    private static final int RESIZES = 1000;
    private static final int STORM = 50;
    private static final List<int[]> SIZES = List.of(new int[]{320, 240}, new int[]{160, 120}, new int[]{288, 216},
            new int[]{240, 180}, new int[]{320, 200}, new int[]{200, 240});
    private static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED;

    @Test
    void everyFrameDuringResizeStormsIsOneSizeAndOneColour() throws Exception {
        try (VirtualDisplay xvfb = VirtualDisplay.start(320, 240)) {
            try (X11Painter painter = xvfb.painter()) {
                painter.fillScreen(0x102030);
                painter.sync();
            }
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicReference<Throwable> helperFailure = new AtomicReference<>();
            AtomicInteger resizes = new AtomicInteger();
            Thread paint = new Thread(() -> {
                try (X11Painter painter = xvfb.painter()) { // a painter is confined to its thread
                    for (int i = 1; running.get(); i++) {
                        painter.fillScreen((i * 0x050301) & 0xFFFFFF | 0x000001);
                        painter.sync();
                    }
                } catch (Throwable t) {
                    helperFailure.compareAndSet(null, t);
                }
            }, "storm-painter");
            Thread resize = new Thread(() -> {
                try {
                    for (int storm = 0; running.get(); storm++) {
                        for (int i = 0; i < STORM && running.get(); i++) {
                            int[] size = SIZES.get((storm + i) % SIZES.size());
                            X11ResizeTest.resize(xvfb, size[0], size[1]);
                            resizes.incrementAndGet();
                        }
                        Thread.sleep(50); // a short calm between storms: frames at a steady size too
                    }
                } catch (Throwable t) {
                    helperFailure.compareAndSet(null, t);
                }
            }, "storm-resizer");
            Set<Long> sizes = new java.util.HashSet<>();
            for (int[] s : SIZES) {
                sizes.add(key(s[0], s[1]));
            }
            List<String> bad = new ArrayList<>();
            int frames = 0;
            int sizeChanges = 0;
            try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().display(xvfb.display())
                    .xauthority(xvfb.xauthority()).source(CaptureOptions.SOURCE_X11))) {
                assertThat(capture.info().changeTracking()).isTrue();
                paint.start();
                resize.start();
                long started = System.nanoTime();
                while ((frames < FRAMES || resizes.get() < RESIZES) && helperFailure.get() == null) {
                    Frame frame = capture.acquire(1, TimeUnit.SECONDS);
                    if (frame == null) {
                        continue;
                    }
                    try (frame) {
                        frames++;
                        if (frame.sizeChanged()) {
                            sizeChanges++;
                        }
                        String wrong = check(frame, sizes);
                        if (wrong != null && bad.size() < 20) {
                            bad.add(wrong);
                        } else if (wrong != null) {
                            bad.add("…");
                        }
                    }
                }
                long seconds = (System.nanoTime() - started) / 1_000_000_000L;
                System.out.printf("resize storm: %d frames, %d resizes, %d size changes seen, %d bad, %d s%n",
                        frames, resizes.get(), sizeChanges, bad.size(), seconds);
            } finally {
                running.set(false);
                paint.join(5000);
                resize.join(15000);
            }
            assertThat(helperFailure.get()).isNull();
            assertThat(sizeChanges).as("size changes seen").isGreaterThan(RESIZES / 10);
            assertThat(bad).as("frames that are not one size and one colour (of %d)", frames).isEmpty();
        }
    }

    private static long key(int w, int h) {
        return (long) w << 32 | h;
    }

    /** Why the frame is not one screen at one moment, or null. */
    private static String check(Frame f, Set<Long> sizes) {
        int w = f.width();
        int h = f.height();
        long expected = (long) f.stride() * (h - 1) + 4L * w;
        if (f.pixels().byteSize() != expected || !sizes.contains(key(w, h))) {
            return "frame " + f.sequence() + ": " + w + "x" + h + " stride=" + f.stride() + " with "
                    + f.pixels().byteSize() + " bytes";
        }
        MemorySegment p = f.pixels();
        int first = p.get(PIXEL, 0) & 0xFFFFFF;
        for (int y = 0; y < h; y++) {
            long row = (long) y * f.stride();
            for (int x = 0; x < w; x++) {
                int c = p.get(PIXEL, row + 4L * x) & 0xFFFFFF;
                if (c != first) {
                    StringBuilder rects = new StringBuilder();
                    for (int i = 0; i < f.dirtyRectCount(); i++) {
                        rects.append(' ').append(f.dirtyRectX(i)).append(',').append(f.dirtyRectY(i)).append(',')
                                .append(f.dirtyRectWidth(i)).append('x').append(f.dirtyRectHeight(i));
                    }
                    return "frame " + f.sequence() + ": " + w + "x" + h + (f.sizeChanged() ? " sizeChanged" : "")
                            + " colour 0x" + Integer.toHexString(first) + " at 0,0 but 0x" + Integer.toHexString(c)
                            + " at " + x + "," + y + "; dirty:" + rects;
                }
            }
        }
        return null;
    }
}
