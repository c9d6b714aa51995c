package dev.deskdup;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stopping or closing from inside the handler ends the stream cleanly, whatever the delivery policy. */
class StreamLifecycleTest {

    static CaptureOptions options(Delivery delivery) {
        return CaptureOptions.defaults().source(CaptureOptions.SOURCE_SYNTHETIC).syntheticSize(16, 16)
                .delivery(delivery);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void stopFromInsideTheHandlerEndsTheStreamWithoutFailure(Delivery delivery) throws Exception {
        try (ScreenCapture capture = ScreenCapture.open(options(delivery))) {
            AtomicInteger frames = new AtomicInteger();
            CaptureStream[] self = new CaptureStream[1];
            CaptureStream stream = capture.stream(frame -> {
                if (frames.incrementAndGet() == 5) {
                    while (self[0] == null) {
                        Thread.onSpinWait();
                    }
                    self[0].stop();
                }
            });
            self[0] = stream;
            assertThat(stream.await(Duration.ofSeconds(5))).isTrue();
            assertThat(stream.failure()).isNull();
            assertThat(frames.get()).isBetween(5, 6);
            // The capture stays usable after its stream stopped.
            Frame frame = capture.acquire(1, TimeUnit.SECONDS);
            assertThat(frame).isNotNull();
            frame.release();
        }
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void closeFromInsideTheHandlerEndsTheStreamAndInvalidatesFrames(Delivery delivery) throws Exception {
        ScreenCapture capture = ScreenCapture.open(options(delivery));
        Frame[] kept = new Frame[1];
        CaptureStream stream = capture.stream(frame -> {
            kept[0] = frame;
            capture.close();
        });
        assertThat(stream.await(Duration.ofSeconds(5))).isTrue();
        assertThat(capture.isOpen()).isFalse();
        assertThatThrownBy(() -> kept[0].pixels()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> capture.acquire(0, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void handlerExceptionEndsTheStreamAndIsReported(Delivery delivery) throws Exception {
        try (ScreenCapture capture = ScreenCapture.open(options(delivery))) {
            IllegalStateException boom = new IllegalStateException("consumer failed");
            CaptureStream stream = capture.stream(frame -> {
                throw boom;
            });
            assertThat(stream.await(Duration.ofSeconds(5))).isTrue();
            assertThat(stream.failure()).isSameAs(boom);
        }
    }
}
