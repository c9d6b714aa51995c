package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.internal.Bootstrap;
import dev.deskdup.spi.SlotMemoryAllocator;
import dev.deskdup.testing.UnsharedSlotMemory;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.junit.WithXvfb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Opening and closing many captures leaves nothing behind, in this JVM or in the X server, nor does a capture that
 * fails while it is built; closing from another thread ends an acquire that waits for a change at once.
 */
@WithXvfb(width = 160, height = 120)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class X11OpenCloseTest {

    private static final int CYCLES = 500;

    private final VirtualDisplay xvfb;

    X11OpenCloseTest(VirtualDisplay xvfb) {
        this.xvfb = xvfb;
    }

    private CaptureOptions options() {
        return CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())
                .source(CaptureOptions.SOURCE_X11);
    }

    private void cycle() {
        try (ScreenCapture capture = ScreenCapture.open(options())) {
            capture.acquire(1, TimeUnit.SECONDS).release();
        }
    }

    @Test
    void fiveHundredOpenCloseCyclesKeepFdsMapsThreadsAndServerClientsFlat() throws Exception {
        for (int i = 0; i < 10; i++) {
            cycle(); // warm: classes, libraries
        }
        ProcessResources before = ProcessResources.now();
        int clients = awaitServerSockets(-1);
        long start = System.nanoTime();
        for (int i = 0; i < CYCLES; i++) {
            cycle();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("%d open/acquire/close cycles in %d ms (%.1f ms each)%n", CYCLES, millis,
                (double) millis / CYCLES);
        assertThat(ProcessResources.leakedSince(before)).as("left behind in this JVM").isEmpty();
        assertThat(awaitServerSockets(clients)).as("client connections the X server holds")
                .isLessThanOrEqualTo(clients);
    }

    @Test
    void closeFromAnotherThreadEndsAnAcquireWaitingForAChangeAtOnce() throws Exception {
        cycle();
        ProcessResources before = ProcessResources.now();
        ScreenCapture capture = ScreenCapture.open(options());
        capture.acquire(1, TimeUnit.SECONDS).release(); // the first frame; the screen is idle from now on
        AtomicReference<Object> outcome = new AtomicReference<>();
        AtomicLong ended = new AtomicLong();
        CountDownLatch started = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            started.countDown();
            try {
                Frame frame = capture.acquire(30, TimeUnit.SECONDS);
                outcome.set(String.valueOf(frame));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
            ended.set(System.nanoTime());
        });
        consumer.start();
        started.await();
        Thread.sleep(200); // waiting in poll(2) for a change that does not come
        assertThat(consumer.isAlive()).isTrue();
        long closing = System.nanoTime();
        capture.close();
        long closeMillis = (System.nanoTime() - closing) / 1_000_000;
        consumer.join(2000);
        assertThat(consumer.isAlive()).isFalse();
        assertThat(closeMillis).as("close").isLessThan(200);
        assertThat((ended.get() - closing) / 1_000_000).as("the acquire ended after close").isLessThan(200);
        assertThat(outcome.get()).satisfiesAnyOf(
                o -> assertThat(o).isEqualTo("null"),
                o -> assertThat(o).isInstanceOf(IllegalStateException.class));
        assertThat(ProcessResources.leakedSince(before)).isEmpty();
    }

    @Test
    void aCaptureWhoseSlotsCannotBeBuiltClosesItsSource() throws Exception {
        cycle();
        List<String> sysvBefore = X11FaultTest.sysvSegments();
        ProcessResources before = ProcessResources.now();
        int clients = awaitServerSockets(-1);
        List<Arena> given = new ArrayList<>();
        SlotMemoryAllocator failsAtTheSecondSlot = (index, width, height, stride) -> {
            if (index > 0) {
                throw new CaptureException("no memory for slot=" + index + " (the test's allocator)");
            }
            Arena arena = Arena.ofShared();
            given.add(arena);
            MemorySegment memory = arena.allocate((long) stride * height, 4096);
            // Not in a file: the source attaches a SysV segment of its own and copies.
            return new UnsharedSlotMemory(memory, arena::close);
        };
        assertThatThrownBy(() -> Bootstrap.open(options(), failsAtTheSecondSlot))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("no memory for slot=1");
        assertThat(given).hasSize(1);
        assertThat(given.get(0).scope().isAlive()).as("the first slot's memory was given back").isFalse();
        assertThat(ProcessResources.leakedSince(before)).as("left behind in this JVM").isEmpty();
        assertThat(X11FaultTest.sysvSegments()).as("SysV segments").isEqualTo(sysvBefore);
        assertThat(awaitServerSockets(clients)).as("client connections the X server holds")
                .isLessThanOrEqualTo(clients);
    }

    @Test
    void anIntervalTooLongToScheduleFailsBeforeAnythingIsOpened() throws Exception {
        cycle();
        ProcessResources before = ProcessResources.now();
        int clients = awaitServerSockets(-1);
        assertThatThrownBy(() -> ScreenCapture.open(options().minFrameInterval(Duration.ofSeconds(Long.MAX_VALUE))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minFrameInterval=");
        assertThat(ProcessResources.leakedSince(before)).as("left behind in this JVM").isEmpty();
        assertThat(awaitServerSockets(clients)).as("client connections the X server holds")
                .isLessThanOrEqualTo(clients);
    }

    /**
     * The server's client sockets once they stop changing ({@code expected} < 0), or once they are down to
     * {@code expected} (the server notices a closed one on its next poll, so the baseline may still count one).
     */
    private int awaitServerSockets(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int now = ServerSignals.serverSockets(xvfb);
        while ((expected < 0 || now > expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            int again = ServerSignals.serverSockets(xvfb);
            if (expected < 0 && again == now) {
                return now;
            }
            now = again;
        }
        return now;
    }
}
