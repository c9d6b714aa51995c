package dev.deskdup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Backends that cannot capture one window refuse window(...) at open, naming it (none ignores it). */
class WindowOnOtherBackendsTest {

    @Test
    void theWaylandSourceRefusesAWindowBeforeAskingThePortal() {
        assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults().source(CaptureOptions.SOURCE_WAYLAND)
                .windowTitle("Editor")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window=title:Editor")
                .hasMessageContaining("the portal's dialog chooses what is shared");
    }

    @Test
    void theSyntheticSourceRefusesAWindow() {
        assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults().source(CaptureOptions.SOURCE_SYNTHETIC)
                .window(0x400001)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window=0x400001").hasMessageContaining("source=synthetic");
    }
}
