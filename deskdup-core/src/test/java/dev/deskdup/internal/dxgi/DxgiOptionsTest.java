package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Feature;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static dev.deskdup.internal.dxgi.DxgiFixture.dirty;
import static dev.deskdup.internal.dxgi.DxgiFixture.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options the DXGI source honours: output by monitor or display, full frames, what info() says. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DxgiOptionsTest {

    final DxgiFixture fx = new DxgiFixture(320, 240);
    final FakeWorld world = fx.world;

    @AfterEach
    void checkProtocolAndReferences() {
        fx.close();
    }

    String duplicated() {
        return world.duplicatedOutputs.getLast();
    }

    @Test
    void selectsThePrimaryOutputByDefaultAndAnyByMonitorOrDisplayIndexOrGdiName() {
        fx.open(CaptureOptions.defaults());
        assertThat(duplicated()).isEqualTo("\\\\.\\DISPLAY1");
        fx.capture.close();
        fx.open(CaptureOptions.defaults().monitor("DISPLAY2"));
        assertThat(duplicated()).isEqualTo("\\\\.\\DISPLAY2");
        fx.capture.close();
        fx.open(CaptureOptions.defaults().monitor("1"));
        assertThat(duplicated()).isEqualTo("\\\\.\\DISPLAY2");
        fx.capture.close();
        fx.open(CaptureOptions.defaults().display("\\\\.\\DISPLAY2"));
        assertThat(duplicated()).isEqualTo("\\\\.\\DISPLAY2");
        fx.capture.close();
        fx.open(CaptureOptions.defaults().display("1").monitor("display2")); // both name the same output
        assertThat(duplicated()).isEqualTo("\\\\.\\DISPLAY2");
    }

    @Test
    void rejectsADisplayAndAMonitorThatNameDifferentOutputs() {
        assertThatThrownBy(() -> fx.open(CaptureOptions.defaults().display("0").monitor("DISPLAY2")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("display=0 and monitor=DISPLAY2 name different outputs");
        assertThat(world.leaked()).isEmpty();
    }

    @Test
    void rejectsAnUnknownOutputNamingTheOnesThereAre() {
        assertThatThrownBy(() -> fx.open(CaptureOptions.defaults().monitor("DISPLAY9")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("monitor=DISPLAY9 matches no output")
                .hasMessageContaining("DISPLAY1").hasMessageContaining("DISPLAY2");
    }

    @Test
    void refusesAnOutputThatIsNotAttached() {
        world.detach("\\\\.\\DISPLAY2");
        assertThatThrownBy(() -> fx.open(CaptureOptions.defaults().monitor("DISPLAY2")))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("monitor=DISPLAY2 is not attached to the desktop");
    }

    @Test
    void withoutChangeTrackingEveryAcquireCopiesTheWholeFrameAtOnce() {
        fx.open(CaptureOptions.defaults().changeTracking(false));
        world.script.add(image(0, 0));
        fx.acquire().close();
        long bytes = fx.capture.bytesCopied();
        for (int i = 0; i < 3; i++) { // nothing changes on screen: still a whole frame each time, without waiting
            long before = world.clock.millis();
            try (Frame f = fx.acquire()) {
                assertThat(f).isNotNull();
                assertThat(dirty(f, 0)).isEqualTo("0,0,320,240");
                fx.assertShowsDesktop(f);
            }
            assertThat(world.clock.millis() - before).isZero();
        }
        assertThat(fx.capture.bytesCopied() - bytes).isEqualTo(3L * 4 * 320 * 240);
        assertThat(fx.capture.info().changeTracking()).isFalse();
        assertThat(fx.capture.info().features()).anyMatch(f -> f.name().equals("damage") && !f.available());
    }

    @Test
    void infoNamesTheFeaturesAndTheCopyOut() {
        fx.open(CaptureOptions.defaults().cursor(CursorMode.COMPOSITED));
        var info = fx.capture.info();
        assertThat(info.source()).isEqualTo("dxgi");
        assertThat(info.zeroCopy()).as("DXGI copies out of the staging texture").isFalse();
        assertThat(info.changeTracking()).isTrue();
        assertThat(info.state()).isEqualTo("running");
        assertThat(info.features()).extracting(Feature::name).containsExactly("damage", "cursor", "formats",
                "rotation");
        assertThat(info.features()).allMatch(Feature::available);
    }

    @Test
    void listsOutputsWithTheirDesktopCoordinates() {
        List<DxgiOutputInfo> outputs = DxgiSource.listOutputs(new FakeD3d.EntryPoints(world));
        assertThat(outputs).extracting(DxgiOutputInfo::name).containsExactly("\\\\.\\DISPLAY1", "\\\\.\\DISPLAY2");
        assertThat(outputs.get(1).left()).isEqualTo(320);
        assertThat(outputs.get(1).width()).isEqualTo(320);
        assertThat(outputs.get(0).adapter()).isEqualTo("Fake GPU");
        assertThat(outputs.get(0).adapterLuid()).isEqualTo(FakeDxgi.LUID);
        assertThat(outputs.get(0).primary()).isTrue();
        assertThat(world.leaked()).isEmpty();
    }

    @Test
    void optionsOnceRefusedNowReachTheSource() {
        String os = System.getProperty("os.name");
        System.setProperty("os.name", "Windows 11");
        try {
            // past the provider's checks, DXGI goes for dxgi.dll, which Linux does not have
            assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults().source("dxgi")
                    .cursor(CursorMode.COMPOSITED).monitor("1").changeTracking(false)))
                    .isInstanceOf(CaptureException.class)
                    .hasMessageContaining("library=dxgi.dll");
        } finally {
            System.setProperty("os.name", os);
        }
    }
}
