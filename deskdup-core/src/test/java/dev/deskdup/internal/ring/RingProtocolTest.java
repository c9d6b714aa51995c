package dev.deskdup.internal.ring;

import dev.deskdup.testing.SteppedClock;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CaptureStream;
import dev.deskdup.Delivery;
import dev.deskdup.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static dev.deskdup.internal.ring.ScriptedSource.after;
import static dev.deskdup.internal.ring.ScriptedSource.blockUntil;
import static dev.deskdup.internal.ring.ScriptedSource.change;
import static dev.deskdup.internal.ring.ScriptedSource.noChange;
import static dev.deskdup.internal.ring.ScriptedSource.resize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ring's protocol, step by step, against a scripted source and a clock the test drives: numbering, releases
 * reaching the source on the filling thread, pacing, the repeat cadence (after the previous frame, and on an absolute
 * schedule), LATEST's drops and carried changes, EVERY, sizes compared with the previous delivered frame, close
 * during a fill. No sleeps: waits are for events, time moves only when the ring parks.
 */
@Timeout(20)
class RingProtocolTest {

    private final SteppedClock clock = new SteppedClock();
    private final ScriptedSource source = new ScriptedSource(clock, 8, 4);
    private RingCapture capture;

    private RingCapture open(CaptureOptions options) {
        capture = RingCapture.open(source, options, clock);
        return capture;
    }

    private static CaptureOptions options() {
        return CaptureOptions.defaults().slots(3);
    }

    @AfterEach
    void close() {
        if (capture != null) {
            capture.close();
        }
    }

    private static int number(Frame f) {
        return f.pixels().get(ValueLayout.JAVA_INT, 0);
    }

    private static String rect(Frame f, int i) {
        return f.dirtyRectX(i) + "," + f.dirtyRectY(i) + "," + f.dirtyRectWidth(i) + "," + f.dirtyRectHeight(i);
    }

    private void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s; calls=" + source.calls.subList(0,
                        Math.min(20, source.calls.size())) + ", dropped=" + capture.framesDropped());
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void framesAreNumberedFromOneAndHoldTheirFill() {
        source.then(change(0, 0, 2, 2)).then(change(1, 1, 1, 1));
        open(options());
        try (Frame first = capture.acquire(1, TimeUnit.SECONDS)) {
            assertThat(first.sequence()).isEqualTo(1);
            assertThat(number(first)).isEqualTo(1);
            assertThat(rect(first, 0)).isEqualTo("0,0,2,2");
        }
        try (Frame second = capture.acquire(1, TimeUnit.SECONDS)) {
            assertThat(second.sequence()).isEqualTo(2);
            assertThat(number(second)).isEqualTo(2);
        }
        assertThat(capture.framesDelivered()).isEqualTo(2);
        assertThat(capture.bytesCopied()).isEqualTo(4 * 4 + 4);
    }

    @Test
    void aReleaseOnTheConsumersThreadReachesTheSourceAtOnce() {
        source.then(change(0, 0, 1, 1));
        open(options());
        Frame frame = capture.acquire(1, TimeUnit.SECONDS);
        frame.release();
        assertThat(source.calls("released")).hasSize(1);
        assertThat(source.calls("released").getFirst().thread()).isEqualTo(Thread.currentThread());
    }

    @Test
    void aReleaseWhileAnotherThreadFillsReachesTheSourceOnTheFillingThread() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        source.then(change(0, 0, 1, 1)).then(blockUntil(entered, go));
        open(options());
        Frame mine = capture.acquire(1, TimeUnit.SECONDS);
        int mySlot = source.calls("filled").getFirst().slot();
        AtomicReference<Thread> filler = new AtomicReference<>();
        Thread t = new Thread(() -> {
            filler.set(Thread.currentThread());
            Frame other = capture.acquire(5, TimeUnit.SECONDS);
            other.release(); // no fill runs now: this thread tells the source of both releases
        });
        t.start();
        entered.await();
        mine.release(); // a fill runs on t: deferred
        assertThat(source.calls("released")).isEmpty();
        go.countDown();
        t.join();
        List<ScriptedSource.Call> released = source.calls("released");
        assertThat(released).hasSize(2);
        assertThat(released.getFirst().slot()).isEqualTo(mySlot);
        assertThat(released).allMatch(c -> c.thread() == filler.get());
    }

    @Test
    void allSlotsHeldIsAClearError() {
        source.then(change(0, 0, 1, 1)).then(change(0, 0, 1, 1));
        open(options().slots(2));
        capture.acquire(1, TimeUnit.SECONDS);
        capture.acquire(1, TimeUnit.SECONDS);
        assertThatThrownBy(() -> capture.acquire(1, TimeUnit.SECONDS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("slots=2");
    }

    @Test
    void maxFpsSpacesFramesOnTheClock() {
        source.then(change(0, 0, 1, 1)).then(change(0, 0, 1, 1)).then(change(0, 0, 1, 1));
        open(options().maxFps(10));
        for (int i = 0; i < 3; i++) {
            capture.acquire(1, TimeUnit.SECONDS).release();
        }
        assertThat(source.calls("filled").stream().map(ScriptedSource.Call::atMillis)).containsExactly(0L, 100L, 200L);
    }

    @Test
    void aRepeatComesOneIntervalAfterThePreviousFrameWhenNothingChanged() {
        source.then(change(0, 0, 1, 1));
        open(options().minFrameInterval(Duration.ofMillis(50)));
        capture.acquire(1, TimeUnit.SECONDS).release();
        clock.advanceMillis(10); // the consumer took 10 ms
        try (Frame repeat = capture.acquire(1, TimeUnit.SECONDS)) {
            assertThat(repeat.isRepeat()).isTrue();
            assertThat(repeat.dirtyRectCount()).isZero();
            assertThat(number(repeat)).isEqualTo(1);
        }
        assertThat(source.calls("repeat").getFirst().atMillis()).isEqualTo(50);
    }

    @Test
    void aSourceThatCannotRepeatIsWaitedOnNotSpunOn() {
        source.then(change(0, 0, 1, 1));
        source.refuseRepeats = true;
        open(options().minFrameInterval(Duration.ofMillis(50)));
        capture.acquire(1, TimeUnit.SECONDS).release();
        assertThat(capture.acquire(500, TimeUnit.MILLISECONDS)).isNull();
        assertThat(source.calls("repeat")).as("repeats tried").hasSize(1);
        assertThat(source.calls("fill")).as("fills for one frame and one empty acquire").hasSizeLessThan(5);
    }

    @Test
    void anAbsoluteScheduleDeliversEachFrameOnItsTickAndCatchesUpAfterAStall() {
        source.then(change(0, 0, 1, 1)).then(change(1, 0, 1, 1));
        open(options().fixedRate(10));
        capture.acquire(1, TimeUnit.SECONDS).release();       // tick 0
        clock.advanceMillis(30);                                // a change is ready at 30 ms ...
        try (Frame f = capture.acquire(1, TimeUnit.SECONDS)) {  // ... and comes on tick 1, not earlier
            assertThat(f.isRepeat()).isFalse();
        }
        capture.acquire(1, TimeUnit.SECONDS).release();       // tick 2: nothing changed, a repeat
        clock.advanceMillis(350);                               // the consumer stalls past ticks 3, 4 and 5
        for (int i = 0; i < 4; i++) {
            capture.acquire(1, TimeUnit.SECONDS).release();   // ticks 3, 4, 5 at once, then tick 6 on time
        }
        List<Long> times = source.calls.stream().filter(c -> c.what().equals("filled") || c.what().equals("repeat"))
                .map(ScriptedSource.Call::atMillis).toList();
        assertThat(times).containsExactly(0L, 100L, 200L, 550L, 550L, 550L, 600L);
    }

    @Test
    void closeDuringAFillWakesTheSourceAndWaitsForTheFillBeforeClosingIt() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        source.then(blockUntil(entered, go));
        open(options());
        AtomicReference<Frame> got = new AtomicReference<>();
        Thread consumer = new Thread(() -> got.set(capture.acquire(5, TimeUnit.SECONDS)));
        consumer.start();
        entered.await();
        Thread closer = new Thread(capture::close);
        closer.start();
        await(() -> !source.calls("wakeUp").isEmpty());
        assertThat(source.closed).as("closed while a fill runs").isFalse();
        go.countDown();
        closer.join();
        consumer.join();
        List<String> order = source.calls.stream().map(ScriptedSource.Call::what).toList();
        assertThat(order.indexOf("close")).isGreaterThan(order.indexOf("filled"));
        assertThat(got.get() == null || !got.get().isValid()).isTrue();
    }

    @Test
    void sizeChangedComparesWithThePreviousDeliveredFrame() {
        source.then(change(0, 0, 1, 1)).then(resize(16, 8));
        open(options());
        capture.acquire(1, TimeUnit.SECONDS).release();
        try (Frame bigger = capture.acquire(1, TimeUnit.SECONDS)) {
            assertThat(bigger.sizeChanged()).isTrue();
            assertThat(bigger.dirtyRectCount()).isEqualTo(1);
            assertThat(rect(bigger, 0)).isEqualTo("0,0,16,8");
        }
    }

    @Test
    void latestDropsStaleFramesCountsThemAndCarriesTheirChanges() throws Exception {
        CountDownLatch gotFirst = new CountDownLatch(1);
        source.then(change(0, 0, 1, 1)).then(after(gotFirst, change(2, 0, 1, 1))).then(change(4, 0, 1, 1));
        open(options().delivery(Delivery.LATEST));
        CountDownLatch holdFirst = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        try (CaptureStream stream = capture.stream(frame -> {
            StringBuilder rects = new StringBuilder();
            for (int i = 0; i < frame.dirtyRectCount(); i++) {
                rects.append(i == 0 ? "" : " ").append(rect(frame, i));
            }
            seen.add(number(frame) + ":" + rects);
            if (frame.sequence() == 1) {
                gotFirst.countDown();
                holdFirst.await();
            }
        })) {
            await(() -> source.calls("filled").size() == 3 && capture.framesDropped() == 1);
            holdFirst.countDown();
            await(() -> seen.size() == 2);
        }
        assertThat(seen).containsExactly("1:0,0,1,1", "3:4,0,1,1 2,0,1,1");
        assertThat(capture.framesDropped()).isEqualTo(1);
        assertThat(source.calls("released").stream().filter(c -> c.thread().getName().startsWith("deskdup-deliver")))
                .as("releases on the delivery thread reach the source on the capture thread").isEmpty();
    }

    @Test
    void latestComparesSizesWithTheDeliveredFrameNotTheDroppedOnes() throws Exception {
        CountDownLatch gotFirst = new CountDownLatch(1);
        source.then(change(0, 0, 1, 1)).then(after(gotFirst, resize(16, 8))).then(resize(8, 4));
        open(options().delivery(Delivery.LATEST));
        CountDownLatch holdFirst = new CountDownLatch(1);
        List<Boolean> sizeChanged = new CopyOnWriteArrayList<>();
        try (CaptureStream stream = capture.stream(frame -> {
            sizeChanged.add(frame.sizeChanged());
            if (frame.sequence() == 1) {
                gotFirst.countDown();
                holdFirst.await();
            }
        })) {
            await(() -> source.calls("filled").size() == 3 && capture.framesDropped() == 1);
            holdFirst.countDown();
            await(() -> sizeChanged.size() == 2);
        }
        assertThat(sizeChanged).containsExactly(false, false);
    }

    @Test
    void everyDeliversEveryFrameInOrder() throws Exception {
        for (int i = 0; i < 5; i++) {
            source.then(change(i, 0, 1, 1));
        }
        open(options().delivery(Delivery.EVERY));
        List<Integer> seen = new CopyOnWriteArrayList<>();
        try (CaptureStream stream = capture.stream(frame -> seen.add(number(frame)))) {
            await(() -> seen.size() == 5);
        }
        assertThat(seen).containsExactly(1, 2, 3, 4, 5);
        assertThat(capture.framesDropped()).isZero();
    }

    @Test
    void noChangeIsNoFrameAndTheSlotGoesBackUnused() {
        source.then(noChange());
        open(options());
        assertThat(capture.acquire(100, TimeUnit.MILLISECONDS)).isNull();
        assertThat(capture.framesDelivered()).isZero();
    }
}
