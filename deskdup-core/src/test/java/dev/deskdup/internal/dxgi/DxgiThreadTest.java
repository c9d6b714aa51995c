package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Delivery;
import dev.deskdup.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The D3D11 immediate context is single-threaded: every context and duplication call happens on the filling
 * thread, a release on another thread touches nothing of D3D11 (the copy-out left nothing mapped), and recovery
 * on a capture thread sets that thread's DPI awareness for DuplicateOutput1 and restores it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DxgiThreadTest {

    final DxgiFixture fx = new DxgiFixture(256, 192);
    final FakeWorld world = fx.world;

    @AfterEach
    void checkProtocolAndReferences() {
        fx.close();
    }

    @Test
    void aReleaseOnAnotherThreadMakesNoContextCall() throws Exception {
        fx.open(CaptureOptions.defaults().slots(2));
        world.autoFrames = true;
        for (int i = 0; i < 10; i++) {
            Frame f = fx.acquire();
            fx.assertShowsDesktop(f);
            CompletableFuture.runAsync(f::close).get(); // the consumer hands frames to a worker that releases
        }
        assertThat(world.callThreads()).as("threads that called the context or the duplication")
                .containsExactly(Thread.currentThread());
    }

    @Test
    void aStreamMakesEveryContextCallOnItsCaptureThreadAndRecoversThereWithDuplicateOutput1()
            throws Exception {
        fx.systemClock().open(CaptureOptions.defaults().delivery(Delivery.LATEST).cursor(CursorMode.SEPARATE));
        world.autoFrames = true;
        AtomicInteger frames = new AtomicInteger();
        AtomicReference<Thread> handler = new AtomicReference<>();
        try (var stream = fx.capture.stream(f -> {
            handler.set(Thread.currentThread()); // LATEST: the handler runs on a delivery thread of its own
            int n = frames.incrementAndGet();
            if (n == 20) {
                world.failNextAcquire = HResult.DXGI_ERROR_ACCESS_LOST;
            }
            if (n >= 60) {
                fx.capture.close();
            }
        })) {
            assertThat(stream.await(Duration.ofSeconds(30))).isTrue();
            assertThat(stream.failure()).isNull();
        }
        List<Thread> threads = world.callThreads();
        assertThat(threads).hasSize(1).doesNotContain(Thread.currentThread(), handler.get());
        assertThat(world.duplicateOutput1Calls).as("at open and after the loss").isEqualTo(2);
        assertThat(world.dpiRefused).as("DuplicateOutput1 on a thread that is not per-monitor-v2 aware").isZero();
        assertThat(world.dpiOf(threads.getFirst())).as("the capture thread's DPI awareness, restored")
                .isEqualTo(FakeWorld.DPI_UNAWARE);
    }

    @Test
    void withoutIDXGIOutput5ItDuplicatesWithTheLegacyCallAndSaysSo() {
        world.output5 = false;
        fx.open(CaptureOptions.defaults());
        assertThat(world.duplicateOutput1Calls).isZero();
        assertThat(world.duplicationsCreated).isEqualTo(1);
        assertThat(fx.capture.info().features()).anyMatch(f -> f.name().equals("formats") && !f.available());
    }
}
