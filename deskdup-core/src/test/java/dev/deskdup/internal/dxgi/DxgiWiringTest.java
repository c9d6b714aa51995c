package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.ScreenCapture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the public entry point reaches the DXGI source (here, on Linux, up to where Windows would be needed). */
class DxgiWiringTest {

    @Test
    void sourceDxgiByNameExplainsThatItNeedsWindows() {
        assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults().source("dxgi")))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("source=dxgi needs Windows");
    }

    @Test
    void autoChoosesDxgiOnWindows() {
        String os = System.getProperty("os.name");
        System.setProperty("os.name", "Windows 11");
        try {
            // DXGI is chosen and goes for dxgi.dll, which Linux does not have.
            assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults()))
                    .isInstanceOf(CaptureException.class)
                    .hasMessageContaining("library=dxgi.dll");
        } finally {
            System.setProperty("os.name", os);
        }
    }
}
