package dev.deskdup.internal.wayland;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.spi.CaptureSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.deskdup.internal.wayland.Captures.fill;
import static dev.deskdup.internal.wayland.Captures.open;
import static dev.deskdup.internal.wayland.WaylandMetadataTest.fillUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tier 2: a real compositor. {@code mutter --headless} (GNOME's compositor, software-rendered: no GPU needed) with a
 * virtual monitor on the private session's PipeWire; the fake portal's Start records that monitor through mutter's
 * own {@code org.gnome.Mutter.ScreenCast} API, as xdg-desktop-portal-gnome does (linked to a RemoteDesktop session
 * so that the test can move mutter's pointer). Skipped, visibly, where mutter is not installed.
 */
@WithPipeWire
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MutterScreenCastTest {

    static final Path MUTTER = Path.of("/usr/bin/mutter");
    static final int W = 640, H = 480;
    private static Process mutter;

    @BeforeAll
    static void startMutter(PipeWireSession pw) throws Exception {
        assumeTrue(Files.isExecutable(MUTTER), "mutter is not installed (apt-get install mutter libglib2.0-bin): "
                + "the tier-2 test against a real compositor is skipped");
        mutter = pw.launchProgram("mutter", MUTTER.toString(), "--headless", "--virtual-monitor", W + "x" + H,
                "--wayland", "--no-x11");
        String waited = pw.run("gdbus", "wait", "--session", "--timeout", "15", "org.gnome.Mutter.ScreenCast");
        assertThat(mutter.isAlive()).as("mutter is running (log: target/wayland-it/logs/mutter.log) " + waited)
                .isTrue();
    }

    @AfterAll
    static void stopMutter() throws InterruptedException {
        if (mutter != null) {
            mutter.destroy();
            if (!mutter.waitFor(5, TimeUnit.SECONDS)) {
                mutter.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @BeforeEach
    void portalInFrontOfMutter(PipeWireSession pw) throws Exception {
        portal(pw, Map.of());
    }

    private static void portal(PipeWireSession pw, Map<String, Object> extra) throws Exception {
        Map<String, Object> c = new HashMap<>(Map.of("mutter", true, "version", 4, "source_types", 1,
                "cursor_modes", 7));
        c.putAll(extra);
        pw.control(c);
    }

    @Test
    void mutterScreenCastArrivesZeroCopyAtTheMonitorsSize(PipeWireSession pw) {
        TestSlot[] slots = TestSlot.ring(3);
        try (CaptureSource source = open(pw, CaptureOptions.defaults(), slots)) {
            assertThat(source.width()).isEqualTo(W);
            assertThat(source.height()).isEqualTo(H);
            assertThat(source.zeroCopy()).as("mutter without a GPU sends shared memory, BGRx").isTrue();
            assertThat(fill(source, slots[0], 5000)).isTrue();
            TestSlot s = slots[0];
            assertThat(s.width).isEqualTo(W);
            assertThat(s.height).isEqualTo(H);
            assertThat(s.view.isReadOnly()).isTrue();
            assertThat(s.bytesWritten).isZero();
            assertThat(s.dirty().count()).isEqualTo(1);
            assertThat(s.dirty().width(0)).isEqualTo(W);
            assertThat(s.dirty().height(0)).isEqualTo(H);
            boolean drawn = false;
            for (int y = 0; y < H && !drawn; y += 16) {
                for (int x = 0; x < W && !drawn; x += 16) {
                    drawn = (s.pixel(x, y) & 0xFFFFFF) != 0;
                }
            }
            assertThat(drawn).as("mutter's background in the frame, not an empty buffer").isTrue();
            source.released(s);
        }
    }

    @Test
    void mutterCursorMetadataFollowsItsPointer(PipeWireSession pw) throws Exception {
        TestSlot[] slots = TestSlot.ring(3);
        try (CaptureSource source = open(pw, CaptureOptions.defaults().cursor(CursorMode.SEPARATE), slots)) {
            TestSlot s = slots[0];
            assertThat(fill(source, s, 5000)).isTrue();
            source.released(s);
            // mutter announces CURSOR_META_SIZE(384, 384): deskdup's range must include it, or no cursor at all
            for (int[] p : new int[][]{{100, 50}, {300, 200}}) {
                portal(pw, Map.of("pointer", List.of(p[0], p[1])));
                fillUntil(source, s, f -> f.cursorX == p[0] && f.cursorY == p[1]);
                assertThat(s.cursorVisible).isTrue();
                source.released(s);
            }
            assertThat(String.join("\n", pw.portalLog())).contains("mutter-pointer");
        }
    }
}
