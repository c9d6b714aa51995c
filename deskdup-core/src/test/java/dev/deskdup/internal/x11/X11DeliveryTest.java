package dev.deskdup.internal.x11;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CaptureStream;
import dev.deskdup.Delivery;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.junit.WithXvfb;
import dev.deskdup.xvfb.X11Painter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Delivery policies (LATEST, EVERY), the repeat cadence, and server timestamps, with change tracking on. */
@WithXvfb(width = X11DeliveryTest.W, height = X11DeliveryTest.H)
class X11DeliveryTest {

    static final int W = 400;
    static final int H = 300;
    static VirtualDisplay xvfb;
    static X11Painter painter;

    @BeforeAll
    static void startServer(VirtualDisplay display, X11Painter drawing) {
        xvfb = display;
        painter = drawing;
    }


    static CaptureOptions options() {
        return CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority()).source(CaptureOptions.SOURCE_X11);
    }

    record Delivered(long sequence, int[] rects, int count) {
    }

    /** Streams with a slow handler while 60 separate squares are drawn one by one; returns what was delivered. */
    static List<Delivered> streamWhileDrawing(ScreenCapture capture) throws Exception {
        List<Delivered> delivered = new CopyOnWriteArrayList<>();
        CaptureStream stream = capture.stream(frame -> {
            int[] rects = new int[4 * 16];
            delivered.add(new Delivered(frame.sequence(), rects, frame.copyDirtyRects(rects)));
            Thread.sleep(25); // a slow consumer
        });
        try {
            while (delivered.isEmpty()) {
                Thread.sleep(5);
            }
            for (int i = 0; i < 60; i++) {
                painter.fillRect(square(i)[0], square(i)[1], 6, 6, 0x010101 * (i + 1));
                painter.sync();
                Thread.sleep(3);
            }
            Thread.sleep(300); // let the last frames through
        } finally {
            stream.stop();
        }
        assertThat(stream.failure()).isNull();
        return delivered;
    }

    static int[] square(int i) {
        return new int[]{10 + (i % 10) * 38, 10 + (i / 10) * 45};
    }

    static void assertEverySquareWasReportedDirty(List<Delivered> delivered) {
        for (int i = 0; i < 60; i++) {
            int x = square(i)[0], y = square(i)[1];
            boolean covered = false;
            for (Delivered d : delivered) {
                for (int r = 0; r < d.count(); r++) {
                    int[] q = d.rects();
                    covered |= q[4 * r] <= x && q[4 * r + 1] <= y && q[4 * r] + q[4 * r + 2] >= x + 6
                            && q[4 * r + 1] + q[4 * r + 3] >= y + 6;
                }
            }
            assertThat(covered).as("square %d reported dirty in some delivered frame", i).isTrue();
        }
    }

    static void assertConsecutiveSequences(List<Delivered> delivered) {
        List<Long> sequences = new ArrayList<>();
        for (Delivered d : delivered) {
            sequences.add(d.sequence());
        }
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).isEqualTo(i + 1L);
        }
    }

    @Test
    void latestDropsStaleFramesCountsThemAndKeepsTheirChanges() throws Exception {
        try (ScreenCapture capture = ScreenCapture.open(options().delivery(Delivery.LATEST))) {
            List<Delivered> delivered = streamWhileDrawing(capture);
            System.out.printf("LATEST: delivered=%d dropped=%d%n", capture.framesDelivered(), capture.framesDropped());
            assertThat(capture.framesDropped()).isPositive();
            assertThat(capture.framesDelivered()).isEqualTo(delivered.size());
            assertConsecutiveSequences(delivered);
            assertEverySquareWasReportedDirty(delivered);
        }
    }

    @Test
    void everyDropsNothingAndDeliversEveryCapturedFrame() throws Exception {
        try (ScreenCapture capture = ScreenCapture.open(options().delivery(Delivery.EVERY))) {
            List<Delivered> delivered = streamWhileDrawing(capture);
            System.out.printf("EVERY: delivered=%d dropped=%d%n", capture.framesDelivered(), capture.framesDropped());
            assertThat(capture.framesDropped()).isZero();
            assertThat(capture.framesDelivered()).isEqualTo(delivered.size());
            assertConsecutiveSequences(delivered);
            assertEverySquareWasReportedDirty(delivered);
        }
    }

    @Test
    void pullNeverDropsAFrame() {
        try (ScreenCapture capture = ScreenCapture.open(options())) {
            for (int i = 0; i < 5; i++) {
                painter.fillRect(i, 0, 1, 1, 0xFFFFFF * (i & 1));
                painter.sync();
                capture.acquire(2, TimeUnit.SECONDS).close();
            }
            assertThat(capture.framesDropped()).isZero();
        }
    }

    @Test
    void minFrameIntervalDeliversRepeatFramesOnAnIdleScreenWithoutCopying() {
        try (ScreenCapture capture = ScreenCapture.open(options().minFrameInterval(Duration.ofMillis(50)))) {
            capture.acquire(2, TimeUnit.SECONDS).close();
            long bytes = capture.bytesCopied();
            long start = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                try (Frame frame = capture.acquire(1, TimeUnit.SECONDS)) {
                    assertThat(frame).isNotNull();
                    assertThat(frame.isRepeat()).isTrue();
                    assertThat(frame.dirtyRectCount()).isZero();
                }
            }
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(tookMillis).isBetween(200L, 600L);
            assertThat(capture.bytesCopied()).isEqualTo(bytes);
            painter.fillRect(5, 5, 3, 3, 0x00FF00);
            painter.sync();
            try (Frame frame = capture.acquire(1, TimeUnit.SECONDS)) {
                assertThat(frame.isRepeat()).isFalse();
                assertThat(frame.dirtyRectCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void framesCarryTheServerTimeOfTheirChange() throws Exception {
        try (ScreenCapture capture = ScreenCapture.open(options())) {
            capture.acquire(2, TimeUnit.SECONDS).close();
            painter.fillRect(20, 20, 5, 5, 0x123123);
            painter.sync();
            long first;
            try (Frame frame = capture.acquire(2, TimeUnit.SECONDS)) {
                first = frame.serverTimeMillis();
                assertThat(first).isPositive();
            }
            Thread.sleep(30);
            painter.fillRect(20, 20, 5, 5, 0x321321);
            painter.sync();
            try (Frame frame = capture.acquire(2, TimeUnit.SECONDS)) {
                assertThat(frame.serverTimeMillis() - first).isBetween(20L, 1000L);
            }
        }
    }
}
