package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.junit.WithXvfb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The display's credentials travel explicitly, in the options: no registry, no environment. */
@WithXvfb(width = 64, height = 48)
@Timeout(30)
class X11CredentialsTest {

    private final VirtualDisplay xvfb;

    X11CredentialsTest(VirtualDisplay xvfb) {
        this.xvfb = xvfb;
    }

    @Test
    void captureConnectsWithTheDisplaysXauthorityAndNoEnvironment() {
        try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().display(xvfb.display())
                .xauthority(xvfb.xauthority()).source(CaptureOptions.SOURCE_X11))) {
            Frame frame = capture.acquire(1, TimeUnit.SECONDS);
            assertThat(frame.width()).isEqualTo(64);
            frame.release();
        }
    }

    @Test
    void captureWithoutTheCookieIsRefusedNamingTheDisplay(@TempDir Path dir) throws Exception {
        Path empty = Files.write(dir.resolve("Xauthority"), new byte[0]);
        assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults().display(xvfb.display())
                .xauthority(empty).source(CaptureOptions.SOURCE_X11)))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("display=" + xvfb.display())
                .hasMessageContaining("xauth");
    }

    @Test
    void aWrongCookieIsReportedAsARefusedAuthorizationNotAsAServerThatWentAway(@TempDir Path dir) throws Exception {
        Path wrong = dir.resolve("Xauthority");
        Files.write(wrong, xauthorityEntry(new byte[16])); // the server's cookie is random: sixteen zeros are not it
        assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults().display(xvfb.display())
                .xauthority(wrong).source(CaptureOptions.SOURCE_X11)))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("the X server refused authorization for display=" + xvfb.display())
                .hasMessageContaining("check XAUTHORITY / xauth list")
                .hasMessageContaining("Invalid MIT-MAGIC-COOKIE-1 key") // what the server said
                .hasMessageContaining("xauthority=" + wrong)
                .hasMessageNotContaining("went away");
    }

    /** One Xauthority entry (libXau's format) for any address and display: FamilyWild, MIT-MAGIC-COOKIE-1. */
    static byte[] xauthorityEntry(byte[] cookie) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeShort(0xFFFF);
        out.writeShort(0);
        out.writeShort(0);
        byte[] protocol = "MIT-MAGIC-COOKIE-1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeShort(protocol.length);
        out.write(protocol);
        out.writeShort(cookie.length);
        out.write(cookie);
        return bytes.toByteArray();
    }

    @Test
    void aMissingXauthorityFileIsAClearError(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults().display(xvfb.display())
                .xauthority(missing).source(CaptureOptions.SOURCE_X11)))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("xauthority=" + missing);
    }
}
