package dev.deskdup.cli;

import dev.deskdup.xvfb.VirtualDisplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * However a recording ends, what was recorded is a playable file: Ctrl-C, a killed ffmpeg, a full disk, a lost
 * display, even a killed deskdup. The CLI runs as a real child process where signals are involved.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecordEndingsTest {

    @TempDir
    Path dir;

    /** Frames ffprobe decodes from the file (0 when it cannot read it at all). */
    static int decodableFrames(Path file) throws Exception {
        String n = Video.probe(file).getOrDefault("nb_read_frames", "0");
        return n.matches("\\d+") ? Integer.parseInt(n) : 0;
    }

    /** Waits until the recording's temporary file in {@code dir} holds at least {@code bytes}. */
    static void awaitRecorded(Path dir, long bytes, Process orNull) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (TestFiles.partSize(dir) < bytes && System.nanoTime() < deadline
                && (orNull == null || orNull.isAlive())) {
            Thread.sleep(20);
        }
        assertThat(TestFiles.partSize(dir)).as("bytes recorded so far").isGreaterThanOrEqualTo(bytes);
    }

    /** The ffmpeg processes below {@code parent}. */
    static List<ProcessHandle> ffmpegsOf(ProcessHandle parent) {
        return parent.descendants().filter(p -> p.info().command().orElse("").endsWith("ffmpeg")).toList();
    }

    @Test
    void sigintEndsTheRecordingWithExit0AndAPlayableFileInPlace() throws Exception {
        Path mp4 = dir.resolve("ctrl-c.mp4");
        Process p = new ProcessBuilder(Cli.javaCommand("record", mp4.toString(), "--virtual", "--screen-size",
                "320x240", "--fps", "10")).redirectErrorStream(true).start();
        try {
            awaitRecorded(dir, 2_000, p);
            List<ProcessHandle> ffmpegs = ffmpegsOf(p.toHandle());
            assertThat(ffmpegs).hasSize(1);

            HostTools.run("kill", "-INT", String.valueOf(p.pid()));

            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains(mp4 + " 320x240 10 fps");
            assertThat(decodableFrames(mp4)).isGreaterThanOrEqualTo(5);
            assertThat(TestFiles.filesIn(dir)).containsExactly(mp4);
            assertThat(ffmpegs.getFirst().isAlive()).as("ffmpeg after deskdup ended").isFalse();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void sigtermEndsItTheSameWay() throws Exception {
        Path mkv = dir.resolve("term.mkv");
        Process p = new ProcessBuilder(Cli.javaCommand("record", mkv.toString(), "--virtual", "--screen-size",
                "320x240", "--fps", "10")).redirectErrorStream(true).start();
        try {
            awaitRecorded(dir, 2_000, p);

            HostTools.run("kill", "-TERM", String.valueOf(p.pid()));   // (Process.destroy closes our pipes)

            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
            assertThat(decodableFrames(mkv)).isGreaterThanOrEqualTo(3);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aKilledFfmpegIsAnErrorAndWhatWasRecordedIsKeptPlayable() throws Exception {
        Path mp4 = dir.resolve("killed.mp4");
        try (VirtualDisplay xvfb = VirtualDisplay.start(320, 240)) {
            xvfb.startScene();
            AtomicReference<Cli.Result> result = new AtomicReference<>();
            Thread recording = new Thread(() -> result.set(Cli.run("record", mp4.toString(), "--display",
                    xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--fps", "10")));
            recording.start();
            awaitRecorded(dir, 3_000, null);   // a fragment or two: ffmpeg writes one a second

            for (ProcessHandle ffmpeg : ffmpegsOf(ProcessHandle.current())) {
                if (ffmpeg.info().arguments().map(a -> String.join(" ", a)).orElse("").contains(dir.toString())) {
                    HostTools.run("kill", "-KILL", String.valueOf(ffmpeg.pid()));
                }
            }
            recording.join(30_000);

            assertThat(result.get().exitCode()).as(result.get().err()).isEqualTo(1);
            assertThat(result.get().err()).contains("recording " + mp4 + " failed", "signal 9",
                    "is kept in " + mp4).doesNotContain("\tat ");
            assertThat(decodableFrames(mp4)).isPositive();
        }
    }

    @Test
    void aLostDisplayIsACaptureErrorAndTheRecordingUpToThenIsAFinishedFile() throws Exception {
        Path mp4 = dir.resolve("lost.mp4");
        VirtualDisplay xvfb = VirtualDisplay.start(320, 240);
        AtomicReference<Cli.Result> result = new AtomicReference<>();
        try {
            xvfb.startScene();
            Thread recording = new Thread(() -> result.set(Cli.run("record", mp4.toString(), "--display",
                    xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--fps", "10")));
            recording.start();
            awaitRecorded(dir, 2_000, null);
            xvfb.close();
            recording.join(30_000);
        } finally {
            xvfb.close();
        }

        assertThat(result.get().exitCode()).as(result.get().err()).isEqualTo(3);
        assertThat(result.get().err()).contains("is kept in " + mp4);
        assertThat(decodableFrames(mp4)).isGreaterThanOrEqualTo(5);
        assertThat(TestFiles.filesIn(dir)).containsExactly(mp4);
    }

    @Test
    void aFullDiskIsAnErrorAndWhatWasWrittenIsKept() throws Exception {
        assumeTrue(HostTools.isRoot() && HostTools.onPath("unshare"),
                "a private tmpfs needs root and unshare");
        Path small = Files.createDirectory(dir.resolve("small"));
        // Lossless frames of the moving test scene fill 256 KiB in a few seconds; Matroska stays readable when cut.
        StringBuilder java = new StringBuilder();
        for (String part : Cli.javaCommand()) {
            java.append('"').append(part).append("\" ");
        }
        Cli.Result result = Cli.bash("unshare -m sh -c 'mount -t tmpfs -o size=256k tmpfs \"$0\" && " + java
                + " record \"$0/full.mkv\" --virtual --screen-size 320x240 --codec ffv1 --pixel-format bgra "
                + "--duration 60s; echo \"rc=$?\"; cp \"$0/full.mkv\" \"$0/../copy.mkv\"; ls -A \"$0\"' " + small,
                Map.of());

        assertThat(result.out()).as(result.err()).contains("rc=1", "full.mkv").doesNotContain(".part");
        assertThat(result.err()).contains("No space left on device", "is kept in").doesNotContain("\tat ");
        assertThat(decodableFrames(dir.resolve("copy.mkv"))).isPositive();
    }

    @Test
    void afterKill9OfDeskdupFfmpegStillFinishesTheTemporaryFile() throws Exception {
        Path mp4 = dir.resolve("kill9.mp4");
        Process p = new ProcessBuilder(Cli.javaCommand("record", mp4.toString(), "--virtual", "--screen-size",
                "320x240", "--fps", "10")).redirectErrorStream(true).start();
        List<ProcessHandle> children = List.of();
        try {
            awaitRecorded(dir, 2_000, p);
            children = p.descendants().toList();

            p.destroyForcibly();   // SIGKILL: no hook, no finally
            p.waitFor(10, TimeUnit.SECONDS);
            for (ProcessHandle ffmpeg : children) {
                if (ffmpeg.info().command().orElse("").endsWith("ffmpeg")) {
                    ffmpeg.onExit().get(30, TimeUnit.SECONDS);
                }
            }

            Path part;
            try (Stream<Path> files = Files.list(dir)) {
                part = files.filter(f -> f.getFileName().toString().endsWith(".part.mp4")).findFirst().orElseThrow();
            }
            assertThat(part.getFileName().toString()).startsWith(".kill9.mp4.");
            assertThat(decodableFrames(part)).isGreaterThanOrEqualTo(5);
        } finally {
            for (ProcessHandle child : children) {
                child.destroyForcibly();   // the private Xvfb outlives a SIGKILLed JVM (issue 9, item 9)
            }
        }
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
