package dev.deskdup.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code screenshot FILE} replaces only regular files, in one step, and never leaves a half-written one. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScreenshotOutputTest {

    @TempDir
    Path dir;

    private static Cli.Result screenshot(Path file) {
        return Cli.run("screenshot", file.toString(), "--source", "synthetic", "--screen-size", "64x48");
    }

    @Test
    void aFifoIsRefusedAndLeftInPlace() throws Exception {
        Path fifo = dir.resolve("pipe.png");
        HostTools.run("mkfifo", fifo.toString());

        Cli.Result result = screenshot(fifo);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains("FILE=" + fifo, "is a FIFO, not a regular file");
        assertThat(Files.getAttribute(fifo, "unix:mode", LinkOption.NOFOLLOW_LINKS)).matches(
                m -> ((Integer) m & 0170000) == 0010000, "still a FIFO");
    }

    @Test
    void aCharacterDeviceIsRefusedAndLeftInPlace() throws Exception {
        assumeTrue(HostTools.isRoot(), "mknod needs root");
        Path device = dir.resolve("null.png");
        // A /dev/null of our own, so nothing shared is at stake.
        HostTools.run("mknod", device.toString(), "c", "1", "3");

        Cli.Result result = screenshot(device);

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains("is a character device, not a regular file");
        assertThat((Integer) Files.getAttribute(device, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000)
                .isEqualTo(0020000);
    }

    @Test
    void anEmptyDirectoryIsRefusedAndLeftInPlace() {
        Path empty = dir.resolve("empty.png");
        assertThat(empty.toFile().mkdir()).isTrue();

        Cli.Result result = screenshot(empty);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("is a directory, not a regular file");
        assertThat(empty).isEmptyDirectory();
    }

    @Test
    void aNonEmptyDirectoryGetsOneLineAndNoStackTrace() throws IOException {
        Path full = dir.resolve("full");
        Files.createDirectory(full);
        Files.writeString(full.resolve("keep.txt"), "keep");

        Cli.Result result = screenshot(full);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines().filter(l -> l.contains("error"))).hasSize(1);
        assertThat(result.err()).doesNotContain("\tat ", "Exception");
        assertThat(full.resolve("keep.txt")).hasContent("keep");
    }

    @Test
    void aSymbolicLinkStaysALinkAndItsRegularTargetGetsTheImage() throws IOException {
        Path target = dir.resolve("real.png");
        Files.writeString(target, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.png"), target.getFileName());

        Cli.Result result = screenshot(link);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        BufferedImage image = ImageIO.read(target.toFile());
        assertThat(image.getWidth()).isEqualTo(64);
    }

    @Test
    void aDanglingSymbolicLinkIsRefused() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("dangling.png"), dir.resolve("missing.png"));

        Cli.Result result = screenshot(link);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("does not exist");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(dir.resolve("missing.png")).doesNotExist();
    }

    @Test
    void aRegularFileIsReplacedKeepingItsPermissionsAndNoTemporaryFileIsLeft() throws IOException {
        Path png = dir.resolve("shot.png");
        Files.writeString(png, "old");
        Files.setPosixFilePermissions(png, PosixFilePermissions.fromString("rw-r-----"));

        Cli.Result result = screenshot(png);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(ImageIO.read(png.toFile()).getHeight()).isEqualTo(48);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(png))).isEqualTo("rw-r-----");
        assertThat(TestFiles.filesIn(dir)).containsExactly(png);
    }

    @Test
    void aFullDiskLeavesTheOldFileWholeAndNoTemporaryFile() throws Exception {
        assumeTrue(HostTools.isRoot() && HostTools.onPath("unshare"), "a private tmpfs needs root and unshare");
        // A 16 KiB tmpfs in a private mount namespace: the old file fits, a 640x480 noise-free PNG of the pattern
        // does not. The CLI runs as a child process inside that namespace.
        Path small = dir.resolve("small");
        Files.createDirectory(small);
        Cli.Result result = Cli.bash("unshare -m sh -c 'mount -t tmpfs -o size=16k tmpfs \"$0\" && "
                + "printf old > \"$0/shot.png\" && deskdup() { " + quotedJava() + " \"$@\"; } && "
                + "deskdup screenshot \"$0/shot.png\" --source synthetic --screen-size 1280x720; echo \"rc=$?\"; "
                + "cat \"$0/shot.png\"; echo; ls -A \"$0\"' " + small, Map.of());

        assertThat(result.out()).as(result.err()).contains("rc=1", "old\nshot.png");
        assertThat(result.out()).doesNotContain(".part");
        assertThat(result.err()).contains("No space left on device", "nothing was replaced")
                .doesNotContain("\tat ");
    }

    private static String quotedJava() {
        StringBuilder s = new StringBuilder();
        for (String part : Cli.javaCommand()) {
            s.append('"').append(part.replace("\"", "\\\"")).append("\" ");
        }
        return s.toString();
    }
}
