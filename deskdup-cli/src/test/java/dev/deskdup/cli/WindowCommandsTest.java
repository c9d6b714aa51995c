package dev.deskdup.cli;

import dev.deskdup.xvfb.TestWindow;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import dev.deskdup.xvfb.junit.WithXvfb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deskdup windows}, and {@code --window} on screenshot and stream. */
@WithXvfb(width = 320, height = 240)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WindowCommandsTest {

    private final VirtualDisplay xvfb;
    private final X11Painter painter;
    private final List<TestWindow> windows = new ArrayList<>();
    private TestWindow editor;
    private TestWindow cover;
    private TestWindow hidden;

    @TempDir
    Path dir;

    WindowCommandsTest(VirtualDisplay xvfb, X11Painter painter) {
        this.xvfb = xvfb;
        this.painter = painter;
    }

    @BeforeEach
    void editorPartlyCovered() {
        editor = made(painter.createWindow(20, 30, 100, 80, 0x102030).title("Editor – ä.txt")
                .wmClass("editor", "Editor").pid(777).map());
        editor.fill(0, 0, 30, 20, 0xFF0000);
        cover = made(painter.createWindow(70, 60, 100, 80, 0xC0C0C0).title("Cover").map());
        hidden = made(painter.createWindow(0, 0, 10, 10, 0).title("Hidden"));
        painter.sync();
    }

    private TestWindow made(TestWindow w) {
        windows.add(w);
        return w;
    }

    @AfterEach
    void destroy() {
        windows.forEach(TestWindow::destroy);
        painter.sync();
    }

    private String[] display(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString()));
        return all.toArray(String[]::new);
    }

    @Test
    void windowsPrintsATableOfTheMappedWindowsTopmostFirst() {
        Cli.Result result = Cli.run(display("windows"));
        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines.getFirst()).matches("ID +PID +GEOMETRY +STATE +CLASS +TITLE");
        assertThat(lines).containsSubsequence(
                lines.stream().filter(l -> l.startsWith(cover.idHex() + " ")).findFirst().orElseThrow(),
                lines.stream().filter(l -> l.startsWith(editor.idHex() + " ")).findFirst().orElseThrow());
        assertThat(lines).anySatisfy(l -> assertThat(l).matches(editor.idHex()
                + " +777 +100x80\\+20\\+30 +visible +Editor +Editor – ä.txt"));
        assertThat(result.out()).doesNotContain(hidden.idHex());
    }

    @Test
    void infoListsWindowCaptureAndPointerMotionAsFeatures() {
        Cli.Result result = Cli.run(display("info"));
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines()).anySatisfy(l -> assertThat(l).matches(" +window +on +Composite 0\\.\\d+: .*"))
                .anySatisfy(l -> assertThat(l).matches(" +pointer-motion +on +XInput 2\\.\\d+: .*"));
    }

    @Test
    void windowsAllJsonListsUnmappedOnesWithEveryField() {
        Cli.Result result = Cli.run(display("windows", "--all", "--json"));
        assertThat(result.exitCode()).as(result.err()).isZero();
        String json = result.out().replaceAll("\\s+", " ");
        assertThat(json).startsWith("[").contains("\"id\": \"" + editor.idHex() + "\"")
                .contains("\"idDecimal\": " + editor.id())
                .contains("\"title\": \"Editor – ä.txt\", \"class\": \"Editor\", \"instance\": \"editor\", "
                        + "\"pid\": 777, \"x\": 20, \"y\": 30, \"width\": 100, \"height\": 80, \"mapped\": true, "
                        + "\"visible\": true")
                .contains("\"title\": \"Hidden\"")
                .contains("\"pid\": null")
                .contains("\"mapped\": false");
    }

    @Test
    void screenshotOfAWindowHasItsSizeAndItsOwnPixelsNotTheCoveringWindow() throws Exception {
        Path png = dir.resolve("editor.png");
        Cli.Result result = Cli.run(display("screenshot", png.toString(), "--window", editor.idHex(),
                "--cursor", "none"));
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("editor.png 100x80");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getRGB(5, 5) & 0xFFFFFF).isEqualTo(0xFF0000);
        // where the cover lies over it: the editor's own background, not the cover's grey
        assertThat(image.getRGB(90, 70) & 0xFFFFFF).isEqualTo(0x102030);

        Cli.Result byTitle = Cli.run(display("screenshot", dir.resolve("t.png").toString(), "--window", "ä.txt"));
        assertThat(byTitle.exitCode()).as(byTitle.err()).isZero();
        assertThat(byTitle.out()).contains("100x80");
    }

    @Test
    void streamOfAWindowWritesFramesOfItsSize() throws Exception {
        Path out = dir.resolve("editor.bgra");
        Cli.Result result = Cli.run(display("stream", "--window", "class:editor", "--frames", "3", "--fps", "30",
                "--out", out.toString()));
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).contains("-f rawvideo -pix_fmt bgra -s 100x80 -r 30 -i -");
        assertThat(Files.size(out)).isEqualTo(3L * 100 * 80 * 4);
    }

    @Test
    void aTitleMatchingNothingIsAUsageErrorListingCloseMatches() {
        Cli.Result result = Cli.run(display("screenshot", dir.resolve("x.png").toString(), "--window", "Editr"));
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("window=title:Editr matches no window").contains("close matches: "
                + editor.idHex() + " \"Editor – ä.txt\" (class Editor, pid 777)");
    }

    @Test
    void windowWithRegionOrFrameWithoutWindowIsAUsageError() {
        Cli.Result both = Cli.run(display("stream", "--window", editor.idHex(), "--region", "0,0,10,10"));
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--window " + editor.idHex() + " and --region 0,0,10,10 both given");
        Cli.Result frameAlone = Cli.run(display("screenshot", dir.resolve("y.png").toString(), "--window-frame"));
        assertThat(frameAlone.exitCode()).isEqualTo(2);
        assertThat(frameAlone.err()).contains("--window-frame without --window");
        Cli.Result badId = Cli.run(display("screenshot", dir.resolve("z.png").toString(), "--window", "0x7fffffff"));
        assertThat(badId.exitCode()).isEqualTo(2);
        assertThat(badId.err()).contains("window=0x7fffffff").contains("is not an X window id");
    }
}
