package dev.deskdup;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A private display is private: only clients with its cookie connect, and nothing is left when it stops. */
class VirtualDisplayTest {

    static int xrandr(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("xrandr", "--query").redirectErrorStream(true);
        pb.environment().remove("XAUTHORITY");
        pb.environment().putAll(env);
        Process p = pb.start();
        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void clientsWithoutTheCookieAreRefused() throws Exception {
        try (VirtualDisplay xvfb = VirtualDisplay.start(64, 48)) {
            assertThat(xrandr(Map.of("DISPLAY", xvfb.display(), "XAUTHORITY", "/dev/null"))).isNotZero();
            assertThat(xrandr(xvfb.clientEnvironment())).isZero();
        }
    }

    @Test
    void cookieFileIsOwnerOnlyAndRemovedOnClose() throws Exception {
        VirtualDisplay xvfb = VirtualDisplay.start(64, 48);
        try {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(xvfb.xauthority())))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(xvfb.xauthority().getParent())))
                    .isEqualTo("rwx------");
        } finally {
            xvfb.close();
        }
        assertThat(xvfb.xauthority()).doesNotExist();
        assertThat(xvfb.xauthority().getParent()).doesNotExist();
        assertThat(xvfb.isAlive()).isFalse();
    }

    @Test
    void thisJvmsCapturesConnectWithoutAnyEnvironment() {
        try (VirtualDisplay xvfb = VirtualDisplay.start(64, 48);
             ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().display(xvfb.display())
                     .source(CaptureOptions.SOURCE_X11))) {
            Frame frame = capture.acquire(1, TimeUnit.SECONDS);
            assertThat(frame.width()).isEqualTo(64);
            frame.release();
        }
    }
}
