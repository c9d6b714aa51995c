package dev.deskdup.cli.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A contender that cannot run says why, as a skip, instead of failing the run or vanishing from it. */
class BenchContenderSkipTest {

    /** A display no X server serves (display numbers go up to 65535; nobody runs one this high). */
    private static final BenchTarget NOWHERE = new BenchTarget(":65001", null, 64, 48, 0);

    @Test
    void ffmpegMissingFromPathIsASkipWithTheReason() {
        try (Contender ffmpeg = new FfmpegX11GrabContender("/nonexistent")) {
            assertThatThrownBy(() -> ffmpeg.open(NOWHERE, 1))
                    .isInstanceOf(ContenderSkipped.class)
                    .hasMessageContaining("ffmpeg is not on PATH");
        }
    }

    @Test
    void robotWithoutAReachableDisplayIsASkipWithTheReason() {
        try (Contender robot = new RobotContender(10)) {
            assertThatThrownBy(() -> robot.open(NOWHERE, 1))
                    .isInstanceOf(ContenderSkipped.class)
                    .hasMessageContaining("java.awt.Robot");
        }
    }

    @Test
    void deskdupWithoutAReachableDisplayIsASkipWithTheReason() {
        try (Contender deskdup = DeskdupContender.fullFrame()) {
            assertThatThrownBy(() -> deskdup.open(NOWHERE, 1))
                    .isInstanceOf(ContenderSkipped.class)
                    .hasMessageContaining("deskdup cannot capture display :65001");
        }
    }
}
