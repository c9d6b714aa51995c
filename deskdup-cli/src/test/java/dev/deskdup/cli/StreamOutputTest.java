package dev.deskdup.cli;

import dev.deskdup.xvfb.VirtualDisplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Where {@code stream --out} writes: regular files in one step, FIFOs and devices in place, nothing else. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamOutputTest {

    private static final int FRAME = 64 * 48 * 4;

    @TempDir
    Path dir;

    private static Cli.Result stream(Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("stream", "--source", "synthetic", "--screen-size",
                "64x48", "--fps", "200", "--out", out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void aRegularFileIsReplacedInOneStepKeepingItsPermissions() throws Exception {
        Path file = dir.resolve("frames.bgra");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        Cli.Result result = stream(file, "--frames", "5");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.size(file)).isEqualTo(5L * FRAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(TestFiles.filesIn(dir)).containsExactly(file);
    }

    @Test
    void aDirectoryIsRefused() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));

        Cli.Result result = stream(sub, "--frames", "1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("out=" + sub + " is a directory");
        assertThat(sub).isEmptyDirectory();
    }

    @Test
    void devNullIsWrittenInPlace() {
        Cli.Result result = stream(Path.of("/dev/null"), "--frames", "3");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();
    }

    @Test
    void aFifoIsWrittenInPlaceForItsReader() throws Exception {
        Path fifo = dir.resolve("frames.fifo");
        HostTools.run("mkfifo", fifo.toString());
        AtomicLong read = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                read.set(in.transferTo(java.io.OutputStream.nullOutputStream()));
            } catch (Exception e) {
                read.set(-1);
            }
        });
        reader.start();

        Cli.Result result = stream(fifo, "--frames", "4");
        reader.join(10_000);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(read.get()).isEqualTo(4L * FRAME);
        assertThat(Files.isRegularFile(fifo)).isFalse();
    }

    @Test
    void whenTheDisplayDiesTheWholeFramesWrittenAreKept() throws Exception {
        Path file = dir.resolve("dies.bgra");
        VirtualDisplay xvfb = VirtualDisplay.start(160, 120);
        AtomicInteger code = new AtomicInteger(-1);
        StringBuilder err = new StringBuilder();
        Thread stream = new Thread(() -> {
            Cli.Result r = Cli.run("stream", "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--fps", "50", "--full-frame",
                    "--out", file.toString());
            err.append(r.err());
            code.set(r.exitCode());
        });
        try {
            stream.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (TestFiles.partSize(dir) < 5L * 160 * 120 * 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            xvfb.close();
        }
        stream.join(20_000);

        assertThat(code.get()).as(err.toString()).isEqualTo(3);
        assertThat(err.toString()).contains("whole frames written before the error are kept in " + file);
        long size = Files.size(file);
        assertThat(size).isPositive();
        assertThat(size % (160 * 120 * 4)).isZero();
        assertThat(TestFiles.filesIn(dir)).containsExactly(file);
    }

    @Test
    void sigintEndsTheStreamWithExit0AndTheFileInPlace() throws Exception {
        Path file = dir.resolve("interrupted.bgra");
        Process p = new ProcessBuilder(Cli.javaCommand("stream", "--source", "synthetic", "--screen-size", "64x48",
                "--fps", "100", "--out", file.toString())).redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (TestFiles.partSize(dir) < 10L * FRAME && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            HostTools.run("kill", "-INT", String.valueOf(p.pid()));
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes());

            assertThat(p.exitValue()).as(out).isZero();
            assertThat(Files.size(file)).isGreaterThanOrEqualTo(10L * FRAME);
            assertThat(Files.size(file) % FRAME).isZero();
            assertThat(TestFiles.filesIn(dir)).containsExactly(file);
        } finally {
            p.destroyForcibly();
        }
    }
}
