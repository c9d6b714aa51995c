package dev.deskdup.cli;

import dev.deskdup.xvfb.VirtualDisplay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code record --publish URL} against a local ffmpeg that listens on that protocol and decodes what it receives:
 * one test per protocol this ffmpeg has.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecordPublishTest {

    private static final int W = RecordCommandTest.W;
    private static final int H = RecordCommandTest.H;

    private static VirtualDisplay xvfb;
    private static List<String> protocols;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        xvfb = VirtualDisplay.start(W, H);
        RecordCommandTest.paintQuadrants(xvfb, W, H);
        protocols = FfmpegBinary.outputProtocols(FfmpegBinary.locate(null));
    }

    @AfterAll
    static void stop() {
        if (xvfb != null) {
            xvfb.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rtmp", "rtsp", "srt", "tcp", "udp"})
    void aListeningFfmpegDecodesTheScreen(String scheme) throws Exception {
        String protocol = PublishTarget.parse(scheme + "://127.0.0.1:1").protocol();
        assumeTrue(protocols.contains(protocol), "this ffmpeg has no " + protocol + " protocol");
        boolean udpBased = scheme.equals("srt") || scheme.equals("udp");
        int port = freePort(udpBased);
        String url = switch (scheme) {
            case "rtmp" -> "rtmp://127.0.0.1:" + port + "/live/secret-stream-key";
            case "rtsp" -> "rtsp://127.0.0.1:" + port + "/screen";
            case "srt" -> "srt://127.0.0.1:" + port + "?mode=caller";
            default -> scheme + "://127.0.0.1:" + port;
        };
        List<String> listen = switch (scheme) {
            case "rtmp" -> List.of("-listen", "1", "-i", url);
            case "rtsp" -> List.of("-rtsp_flags", "listen", "-i", url);
            case "srt" -> List.of("-i", "srt://127.0.0.1:" + port + "?mode=listener");
            case "tcp" -> List.of("-i", "tcp://127.0.0.1:" + port + "?listen=1");
            default -> List.of("-i", "udp://127.0.0.1:" + port + "?timeout=3000000");   // ends 3 s after the last
        };
        Path decoded = dir.resolve("decoded.rgb");
        List<String> receiver = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-v", "error", "-y"));
        receiver.addAll(listen);
        receiver.addAll(List.of("-f", "rawvideo", "-pix_fmt", "rgb24", decoded.toString()));
        Process listener = new ProcessBuilder(receiver).redirectErrorStream(true)
                .redirectOutput(dir.resolve("receiver.log").toFile()).start();
        try {
            awaitBound(port, udpBased, listener);

            Cli.Result result = Cli.run("record", "--publish", url, "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--cursor", "none",
                    "--duration", "2s", "--fps", "10");

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out() + result.err()).doesNotContain("secret-stream-key");
            assertThat(listener.waitFor(30, TimeUnit.SECONDS)).as("receiver ended").isTrue();
            byte[] rgb = Files.readAllBytes(decoded);
            int frames = rgb.length / (W * H * 3);
            assertThat(frames).as("frames decoded; receiver: %s", Files.readString(dir.resolve("receiver.log")))
                    .isGreaterThanOrEqualTo(10);
            RecordCommandTest.assertQuadrants(java.util.Arrays.copyOfRange(rgb, (frames / 2) * W * H * 3,
                    (frames / 2 + 1) * W * H * 3), W, H, 10);
        } finally {
            listener.destroyForcibly();
        }
    }

    @Test
    void anUnknownSchemeIsAUsageErrorNamingOnlyTheScheme() {
        Cli.Result result = Cli.run("record", "--publish", "gopher://example.com/secret-key", "--source", "synthetic");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("publish scheme=gopher is not supported").doesNotContain("secret-key");
    }

    @Test
    void aServerThatIsNotThereIsAnErrorWithoutTheStreamKey() throws Exception {
        int port = freePort(false);

        Cli.Result result = Cli.run("record", "--publish", "rtmp://127.0.0.1:" + port + "/live/secret-key",
                "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--duration", "2s");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("rtmp://127.0.0.1:" + port + "/…").doesNotContain("secret-key", "\tat ");
    }

    private static int freePort(boolean udp) throws IOException {
        if (udp) {
            try (DatagramSocket s = new DatagramSocket(0)) {
                return s.getLocalPort();
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits until something listens on (TCP) or is bound to (UDP) the port, per /proc/net. */
    private static void awaitBound(int port, boolean udp, Process listener) throws Exception {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && listener.isAlive()) {
            for (String table : udp ? new String[]{"/proc/net/udp", "/proc/net/udp6"}
                    : new String[]{"/proc/net/tcp", "/proc/net/tcp6"}) {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[1].endsWith(hexPort) && (udp || f[3].equals("0A"))) {
                        return;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("nothing bound to port " + port + " (receiver alive: " + listener.isAlive() + ")");
    }
}
