package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.DisplayInfo;
import dev.deskdup.Feature;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.TestWindow;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import dev.deskdup.xvfb.junit.WithXvfb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Without libxcb-composite on the machine, window capture fails to open naming the library and its package, info
 * lists the feature as off, and screen capture works as before. The library is made missing for one child JVM
 * only: in a private mount namespace ({@code unshare -m}, needs root) {@code /dev/null} is bound over it, so
 * {@code dlopen} fails as on a machine without it.
 */
@WithXvfb(width = 160, height = 120)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class X11MissingCompositeTest {

    private final VirtualDisplay xvfb;
    private final X11Painter painter;

    X11MissingCompositeTest(VirtualDisplay xvfb, X11Painter painter) {
        this.xvfb = xvfb;
        this.painter = painter;
    }

    /** The child: tries a window capture, describes the display, captures the screen; prints what happened. */
    public static void main(String[] args) {
        CaptureOptions options = CaptureOptions.defaults().display(args[0]).xauthority(Path.of(args[1]))
                .source(CaptureOptions.SOURCE_X11);
        try (ScreenCapture c = ScreenCapture.open(options.window(Long.decode(args[2])))) {
            System.out.println("window: opened");
        } catch (CaptureException e) {
            System.out.println("window: " + e.getMessage());
        }
        for (Feature f : DisplayInfo.query(options).features()) {
            System.out.println("feature: " + f.name() + " " + (f.available() ? "on" : "off") + " " + f.detail());
        }
        try (ScreenCapture c = ScreenCapture.open(options); Frame f = c.acquire(2, TimeUnit.SECONDS)) {
            System.out.println("screen: " + (f == null ? "no frame" : f.width() + "x" + f.height()));
        }
    }

    @Test
    void windowCaptureWithoutLibxcbCompositeFailsOpenNamingThePackageAndInfoListsItOff() throws Exception {
        Path library = Path.of("/usr/lib/x86_64-linux-gnu/libxcb-composite.so.0");
        assumeTrue(Files.exists(library), "libxcb-composite at " + library);
        assumeTrue(unshareWorks(), "unshare -m with a bind mount (root) is needed to hide a library");
        TestWindow w = painter.createWindow(10, 10, 50, 40, 0x123456).map().sync();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of("unshare", "-m", "--", "sh", "-c",
                "mount --bind /dev/null \"$1\" && shift && exec \"$@\"", "sh", library.toString(), java,
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                X11MissingCompositeTest.class.getName(), xvfb.display(), xvfb.xauthority().toString(),
                String.valueOf(w.id())));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("window: window=0x" + Integer.toHexString(w.id()) + " cannot be captured")
                .contains("library=libxcb-composite.so.0 cannot be loaded")
                .contains("apt-get install libxcb-composite0");
        assertThat(out).containsPattern("feature: window off library=libxcb-composite.so.0 .*libxcb-composite0");
        assertThat(out).contains("feature: damage on").contains("screen: 160x120");
        w.destroy();
        painter.sync();
    }

    private static boolean unshareWorks() throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("unshare", "-m", "--", "sh", "-c",
                    "mount --bind /dev/null /dev/null").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
