package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.DisplayInfo;
import dev.deskdup.Frame;
import dev.deskdup.Monitor;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.junit.WithXvfb;
import dev.deskdup.xvfb.X11Painter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Monitors from RandR 1.5 (virtual monitors made with xrandr --setmonitor on Xvfb), and capturing one. */
@WithXvfb(width = 640, height = 480)
class X11MonitorTest {

    static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static VirtualDisplay xvfb;
    static X11Painter painter;

    @BeforeAll
    static void startServerWithTwoMonitors(VirtualDisplay display, X11Painter drawing) throws Exception {
        xvfb = display;
        painter = drawing;
        XTool.run(xvfb, "xrandr", "--setmonitor", "left", "320/100x480/100+0+0", "none");
        XTool.run(xvfb, "xrandr", "--setmonitor", "right", "320/100x480/100+320+0", "none");
        painter.fillRect(0, 0, 320, 480, 0x0000FF);
        painter.fillRect(320, 0, 320, 480, 0xFF0000);
        painter.sync();
    }


    static CaptureOptions options() {
        return CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority()).source(CaptureOptions.SOURCE_X11);
    }

    @Test
    void monitorsAreListedWithNameAndGeometry() {
        List<Monitor> monitors = ScreenCapture.monitors(options());
        assertThat(monitors).extracting(Monitor::name).contains("left", "right");
        Monitor right = monitors.stream().filter(m -> m.name().equals("right")).findFirst().orElseThrow();
        assertThat(right.x()).isEqualTo(320);
        assertThat(right.y()).isZero();
        assertThat(right.width()).isEqualTo(320);
        assertThat(right.height()).isEqualTo(480);
        assertThat(monitors.get(right.index())).isEqualTo(right);
    }

    @Test
    void displayInfoCarriesTheMonitors() {
        DisplayInfo info = DisplayInfo.query(options());
        assertThat(info.monitors()).extracting(Monitor::name).contains("left", "right");
    }

    @Test
    void captureByMonitorNameGivesThatMonitorsPixels() {
        try (ScreenCapture capture = ScreenCapture.open(options().monitor("right"));
             Frame frame = capture.acquire(2, TimeUnit.SECONDS)) {
            assertThat(frame.width()).isEqualTo(320);
            assertThat(frame.height()).isEqualTo(480);
            assertThat(frame.pixels().get(PIXEL, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
            assertThat(frame.pixels().get(PIXEL, 4L * 319) & 0xFFFFFF).isEqualTo(0xFF0000);
        }
    }

    @Test
    void captureByMonitorIndexGivesThatMonitor() {
        Monitor left = ScreenCapture.monitors(options()).stream().filter(m -> m.name().equals("left"))
                .findFirst().orElseThrow();
        try (ScreenCapture capture = ScreenCapture.open(options().monitor(String.valueOf(left.index())));
             Frame frame = capture.acquire(2, TimeUnit.SECONDS)) {
            assertThat(frame.width()).isEqualTo(320);
            assertThat(frame.pixels().get(PIXEL, 4L * 319) & 0xFFFFFF).isEqualTo(0x0000FF);
        }
    }

    @Test
    void unknownMonitorFailsNamingTheMonitorsThereAre() {
        assertThatThrownBy(() -> ScreenCapture.open(options().monitor("HDMI-9")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("monitor=HDMI-9")
                .hasMessageContaining("left")
                .hasMessageContaining("right");
    }

    @Test
    void drawingOnTheOtherMonitorDeliversNoFrame() {
        try (ScreenCapture capture = ScreenCapture.open(options().monitor("left"))) {
            capture.acquire(2, TimeUnit.SECONDS).close();
            painter.fillRect(400, 100, 10, 10, 0x00FF00);
            painter.sync();
            assertThat(capture.acquire(200, TimeUnit.MILLISECONDS)).isNull();
            painter.fillRect(400, 100, 10, 10, 0xFF0000);
            painter.sync();
        }
    }
}
