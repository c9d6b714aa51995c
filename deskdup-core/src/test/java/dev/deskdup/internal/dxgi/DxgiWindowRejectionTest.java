package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Desktop Duplication captures whole outputs: a window capture is refused at open, saying what would do it. */
class DxgiWindowRejectionTest {

    @Test
    void aWindowIsRefusedNamingItAndWindowsGraphicsCapture() {
        assertThatThrownBy(() -> DxgiProvider.rejectUnhonoured(CaptureOptions.defaults().windowTitle("Notepad")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window=title:Notepad")
                .hasMessageContaining("Windows Graphics Capture")
                .hasMessageContaining("cannot be honoured by source=dxgi");
    }
}
