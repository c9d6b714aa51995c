package dev.deskdup;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rates and durations out of range are refused where they are set, naming the value and the range. */
class CaptureOptionsValidationTest {

    private static final CaptureOptions DEFAULTS = CaptureOptions.defaults();

    @Test
    void aRateTooLowToPaceIsRefusedNamingItAndTheRange() {
        assertThatThrownBy(() -> DEFAULTS.maxFps(Double.MIN_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxFps=" + Double.MIN_VALUE)
                .hasMessageContaining(String.valueOf(CaptureOptions.MIN_FPS));
        assertThatThrownBy(() -> DEFAULTS.fixedRate(Double.MIN_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fixedRate=" + Double.MIN_VALUE);
    }

    @Test
    void ratesThatAreNotNumbersOrNegativeOrTooHighAreRefused() {
        for (double fps : new double[]{Double.NaN, -1, Double.POSITIVE_INFINITY, CaptureOptions.MAX_FPS * 2}) {
            assertThatThrownBy(() -> DEFAULTS.maxFps(fps)).as("maxFps(%s)", fps)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxFps=" + fps);
        }
        assertThat(DEFAULTS.maxFps(0).maxFps()).isZero();
        assertThat(DEFAULTS.maxFps(CaptureOptions.MIN_FPS).maxFps()).isEqualTo(CaptureOptions.MIN_FPS);
    }

    @Test
    void anIntervalBeyondAnHourIsRefusedNamingItAndTheRange() {
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);
        assertThatThrownBy(() -> DEFAULTS.minFrameInterval(forever))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minFrameInterval=" + forever)
                .hasMessageContaining(String.valueOf(CaptureOptions.MAX_FRAME_INTERVAL));
        assertThatThrownBy(() -> DEFAULTS.minFrameInterval(Duration.ofHours(1).plusNanos(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DEFAULTS.minFrameInterval(Duration.ofHours(1)).minFrameInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aNegativeOrMissingIntervalIsRefused() {
        assertThatThrownBy(() -> DEFAULTS.minFrameInterval(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minFrameInterval=PT-0.000000001S");
        assertThatThrownBy(() -> DEFAULTS.minFrameInterval(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minFrameInterval=null");
    }
}
