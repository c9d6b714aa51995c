package dev.deskdup.cli;

import dev.deskdup.Frame;
import dev.deskdup.RingReader;
import dev.deskdup.internal.pipewire.VideoFormat;
import dev.deskdup.internal.wayland.PipeWireSession;
import dev.deskdup.internal.wayland.TestProducer;
import dev.deskdup.internal.wayland.WithPipeWire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI in a Wayland session without an X display (the {@code wayland-tests} execution: the private bus, no
 * DISPLAY): it captures through the portal (the project's fake one) and a private PipeWire with the test
 * producer, never starts a private Xvfb, describes the portal in {@code info}, and forgets the portal's permission
 * with {@code --forget}.
 */
@WithPipeWire
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaylandCliTest {

    private static final int W = 320, H = 240;
    private static TestProducer producer;
    private static PipeWireSession session;

    @TempDir
    Path dir;

    @BeforeAll
    static void startProducer(PipeWireSession pw) {
        assertThat(System.getenv("DISPLAY")).as("the wayland-tests execution runs without an X display").isNull();
        session = pw;
        producer = TestProducer.start(pw, VideoFormat.BGRx, W, H, 30);
    }

    @AfterAll
    static void stopProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    @BeforeEach
    void pointThePortalAtTheProducer() throws Exception {
        portal(Map.of());
        session.clearLog();
    }

    private static void portal(Map<String, Object> extra) throws Exception {
        Map<String, Object> c = new HashMap<>(Map.of("node_id", producer.nodeId(), "version", 4, "source_types", 3,
                "cursor_modes", 7, "restore_token", "cli-token"));
        c.putAll(extra);
        session.control(c);
    }

    @Test
    void infoDescribesThePortalAndPipeWireWithoutAPrivateXvfb() {
        Cli.Result result = Cli.run("info");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).doesNotContain("Xvfb");
        assertThat(xvfbChildren()).as("Xvfb processes started by this JVM").isEmpty();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).contains("source:     wayland", "capturable: yes", "features:",
                "monitors:   chosen in the portal's dialog when a capture starts");
        assertThat(lines)
                .anySatisfy(l -> assertThat(l).matches("  session +on +wayland"))
                .anySatisfy(l -> assertThat(l).matches("  pipewire +on +libpipewire \\d+\\.\\d+\\.\\d+"))
                .anySatisfy(l -> assertThat(l).matches(
                        "  portal +on +org\\.freedesktop\\.portal\\.ScreenCast version 4 \\(restore tokens\\)"))
                .anySatisfy(l -> assertThat(l).matches("  source-types +on +monitor, window"))
                .anySatisfy(l -> assertThat(l).matches("  cursor-modes +on +hidden, embedded, metadata"));
        assertThat(result.out()).doesNotContain("MIT-SHM").doesNotContain("DAMAGE").doesNotContain("depth:");
        // Describing asks the portal's properties only: no session, so no dialog.
        assertThat(String.join("\n", portalLog())).doesNotContain("CreateSession");
    }

    @Test
    void infoSaysWhenThePortalCannotKeepAPermission() throws Exception {
        portal(Map.of("version", 3, "cursor_modes", 3));

        Cli.Result result = Cli.run("info", "--source", "wayland");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("portal +on +org\\.freedesktop\\.portal\\.ScreenCast version 3 "
                + "\\(asks every time: version < 4\\)").containsPattern("cursor-modes +on +hidden, embedded\n");
    }

    @Test
    void screenshotHoldsTheCompositorsPixelsExactly() throws Exception {
        Path png = dir.resolve("desk.png");

        Cli.Result result = Cli.run("screenshot", png.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("desk.png " + W + "x" + H);
        assertThat(xvfbChildren()).isEmpty();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(W);
        assertThat(image.getHeight()).isEqualTo(H);
        long n = image.getRGB(0, 0) & 0xFF; // the pattern's blue at x=0 is the frame number (mod 256)
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertThat(image.getRGB(x, y) & 0xFFFFFF).as("pixel (%d,%d)", x, y)
                        .isEqualTo(TestProducer.pixel(x, y, n) & 0xFFFFFF);
            }
        }
    }

    @Test
    void streamWritesTheCompositorsFramesExactly() {
        Cli.Result result = Cli.run("stream", "--frames", "3", "--fps", "30");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("-s " + W + "x" + H);
        byte[] bytes = result.stdoutBytes();
        int frameBytes = W * H * 4;
        assertThat(bytes).hasSize(3 * frameBytes);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < 3; f++) {
            int base = f * frameBytes;
            long n = b.getInt(base) & 0xFF;
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int got = b.getInt(base + (y * W + x) * 4) & 0xFFFFFF;
                    if (got != (TestProducer.pixel(x, y, n) & 0xFFFFFF)) {
                        throw new AssertionError("frame " + f + " pixel (" + x + "," + y + ") = "
                                + Integer.toHexString(got) + ", expected "
                                + Integer.toHexString(TestProducer.pixel(x, y, n) & 0xFFFFFF));
                    }
                }
            }
        }
    }

    @Test
    void shareCopiesTheCompositorsFramesIntoTheRingExactly() throws Exception {
        String name = "cli-wayland-" + ProcessHandle.current().pid();
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> Cli.run("share", "--name", name,
                "--fps", "30", "--seconds", "3"));
        try (RingReader ring = RingReader.open(name, 10, TimeUnit.SECONDS)) {
            Frame f = ring.acquire(5, TimeUnit.SECONDS);
            assertThat(f).isNotNull();
            try (f) {
                assertThat(f.width()).isEqualTo(W);
                assertThat(f.height()).isEqualTo(H);
                // the ring's slots are the ring file's memory: the source copies into them (no view of PipeWire's)
                long n = f.pixels().get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 0) & 0xFF;
                for (int y = 0; y < H; y++) {
                    for (int x = 0; x < W; x++) {
                        int got = f.pixels().get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED,
                                (long) y * f.stride() + 4L * x) & 0xFFFFFF;
                        if (got != (TestProducer.pixel(x, y, n) & 0xFFFFFF)) {
                            throw new AssertionError("ring frame pixel (" + x + "," + y + ") = "
                                    + Integer.toHexString(got));
                        }
                    }
                }
            }
        }
        Cli.Result result = run.get(30, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("from wayland in ring '" + name + "'");
        assertThat(xvfbChildren()).isEmpty();
    }

    @Test
    void forgetDropsTheStoredPermissionSoThePortalAsksAgain() throws Exception {
        Path token = Path.of(System.getenv("XDG_STATE_HOME"), "deskdup", "portal-restore-token");
        assertThat(Cli.run("screenshot", dir.resolve("a.png").toString()).exitCode()).isZero();
        assertThat(token).hasContent("cli-token");

        Cli.Result forgot = Cli.run("info", "--forget");

        assertThat(forgot.exitCode()).as(forgot.err()).isZero();
        assertThat(forgot.err()).contains("forgot the screen-cast permission");
        assertThat(token).doesNotExist();
        assertThat(forgot.out()).containsPattern("restore-token +off +none stored");
        assertThat(Cli.run("info", "--forget").err()).contains("no screen-cast permission was stored");

        // With a token stored again, a capture with --forget does not send it: the portal's dialog would ask.
        assertThat(Cli.run("screenshot", dir.resolve("b.png").toString()).exitCode()).isZero();
        assertThat(token).exists();
        session.clearLog();
        Cli.Result shot = Cli.run("screenshot", dir.resolve("c.png").toString(), "--forget");
        assertThat(shot.exitCode()).as(shot.err()).isZero();
        String select = portalLog().stream().filter(l -> l.contains("\"SelectSources\"")).findFirst().orElseThrow();
        assertThat(select).doesNotContain("restore_token").contains("\"persist_mode\": 2");
        assertThat(token).hasContent("cli-token"); // the new permission the portal handed out
    }

    @Test
    void optionsTheWaylandSourceCannotHonourAreUsageErrorsNamingThem() {
        Cli.Result fullFrame = Cli.run("stream", "--frames", "1", "--full-frame");
        assertThat(fullFrame.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fullFrame.err()).contains("cannot honour changeTracking=false");

        Cli.Result region = Cli.run("screenshot", dir.resolve("r.png").toString(), "--region", "0,0,10,10");
        assertThat(region.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(region.err()).contains("region=");

        Cli.Result display = Cli.run("info", "--source", "wayland", "--display", ":7");
        assertThat(display.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(display.err()).contains("--display :7 with source=wayland");

        Cli.Result window = Cli.run("screenshot", dir.resolve("w.png").toString(), "--window", "Editor");
        assertThat(window.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(window.err()).contains("window=title:Editor");

        Cli.Result windows = Cli.run("windows");
        assertThat(windows.exitCode()).isEqualTo(ExitCodes.CAPTURE);
        assertThat(windows.err()).contains("source=wayland cannot list windows");

        Cli.Result virtual = Cli.run("info", "--source", "wayland", "--virtual");
        assertThat(virtual.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(virtual.err()).contains("--virtual with source=wayland");
        assertThat(xvfbChildren()).isEmpty();
    }

    private static List<String> portalLog() {
        try {
            return session.portalLog();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<ProcessHandle> xvfbChildren() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("Xvfb")).orElse(false)).toList();
    }
}
