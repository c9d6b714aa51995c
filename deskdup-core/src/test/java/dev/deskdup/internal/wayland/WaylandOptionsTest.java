package dev.deskdup.internal.wayland;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Region;
import dev.deskdup.ScreenCapture;
import dev.deskdup.spi.SourceContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which options the Wayland source refuses (before connecting to anything), when auto picks it, and what
 * {@link ScreenCapture#sourceFor} answers. No PipeWire needed: runs in the default test execution.
 */
class WaylandOptionsTest {

    private static WaylandProvider inSession(Map<String, String> env) {
        return new WaylandProvider(env::get, RestoreTokenStore.forEnvironment(k -> null), 1, 1);
    }

    @Test
    void everyOptionItCannotHonourIsNamedInOneMessage() {
        CaptureOptions options = CaptureOptions.defaults().display(":3").xauthority(Path.of("/tmp/cookie"))
                .region(Region.of(0, 0, 10, 10)).changeTracking(false).windowTitle("Editor");
        assertThatThrownBy(() -> inSession(Map.of()).open(options, SourceContext.of(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the wayland source cannot honour")
                .hasMessageContaining("display=:3")
                .hasMessageContaining("xauthority=/tmp/cookie")
                .hasMessageContaining("region=")
                .hasMessageContaining("changeTracking=false")
                .hasMessageContaining("window=title:Editor");
        assertThatThrownBy(() -> inSession(Map.of()).open(CaptureOptions.defaults().monitor("DP-1"),
                SourceContext.of(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("monitor=DP-1");
    }

    @Test
    void autoPrefersItInAWaylandSessionUnlessAnXDisplayOrCookieIsNamed() {
        WaylandProvider wayland = inSession(Map.of("XDG_SESSION_TYPE", "wayland", "DISPLAY", ":0"));
        assertThat(wayland.preferred(CaptureOptions.defaults())).isTrue();
        assertThat(wayland.preferred(CaptureOptions.defaults().display(":1"))).isFalse();
        assertThat(wayland.preferred(CaptureOptions.defaults().xauthority(Path.of("/tmp/c")))).isFalse();
        assertThat(inSession(Map.of("WAYLAND_DISPLAY", "wayland-0")).preferred(CaptureOptions.defaults())).isTrue();
        assertThat(inSession(Map.of("WAYLAND_DISPLAY", "wayland-0", "DISPLAY", ":0"))
                .preferred(CaptureOptions.defaults())).isFalse();
        assertThat(inSession(Map.of("XDG_SESSION_TYPE", "x11")).preferred(CaptureOptions.defaults())).isFalse();
    }

    @Test
    void sourceForNamesTheBackendOpenWouldUse() {
        assertThat(ScreenCapture.sourceFor(CaptureOptions.defaults().source("Synthetic"))).isEqualTo("synthetic");
        assertThat(ScreenCapture.sourceFor(CaptureOptions.defaults().source("wayland"))).isEqualTo("wayland");
        assertThat(ScreenCapture.sourceFor(CaptureOptions.defaults().display(":42"))).isEqualTo("x11");
        assertThatThrownBy(() -> ScreenCapture.sourceFor(CaptureOptions.defaults().source("vnc")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source=vnc is unknown");
    }
}
