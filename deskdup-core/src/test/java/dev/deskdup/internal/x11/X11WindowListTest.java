package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Region;
import dev.deskdup.ScreenCapture;
import dev.deskdup.WindowInfo;
import dev.deskdup.WindowMatch;
import dev.deskdup.xvfb.TestWindow;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import dev.deskdup.xvfb.junit.WithXvfb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static dev.deskdup.internal.x11.WindowFixture.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Listing the windows of a display, and finding the one a match means (or saying clearly why not). */
@WithXvfb(width = 320, height = 240)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class X11WindowListTest {

    private final WindowFixture fx;
    private TestWindow editorA;
    private TestWindow editorB;
    private TestWindow terminal;
    private TestWindow hidden;

    X11WindowListTest(VirtualDisplay xvfb, X11Painter painter) {
        this.fx = new WindowFixture(xvfb, painter);
    }

    @BeforeEach
    void someWindows() {
        editorA = fx.window(10, 10, 100, 80, 0x111111).title("Editor - a.txt").wmClass("editor", "Editor").pid(4242);
        editorB = fx.window(30, 20, 100, 80, 0x222222).title("Editor - b.txt").wmClass("editor", "Editor");
        terminal = fx.window(200, 150, 110, 80, 0x333333).legacyTitle("Terminal").wmClass("xterm", "XTerm");
        hidden = fx.unmapped(fx.painter.root(), 0, 0, 50, 50, 0, 0x444444).title("Hidden helper")
                .wmClass("xterm", "XTerm");
        fx.painter.sync();
    }

    @AfterEach
    void destroyWindows() {
        fx.close();
    }

    private WindowInfo listed(TestWindow t) {
        List<WindowInfo> all = ScreenCapture.windows(fx.options());
        return all.stream().filter(w -> w.id() == t.id()).findFirst()
                .orElseThrow(() -> new AssertionError(t + " not listed in " + all));
    }

    @Test
    void windowsAreListedTopmostFirstWithTitleClassPidGeometryAndState() {
        List<WindowInfo> all = ScreenCapture.windows(fx.options());
        assertThat(all).extracting(WindowInfo::id).containsSubsequence(
                (long) hidden.id(), (long) terminal.id(), (long) editorB.id(), (long) editorA.id());
        WindowInfo a = listed(editorA);
        assertThat(a).isEqualTo(new WindowInfo(editorA.id(), editorA.id(), "Editor - a.txt", "Editor", "editor",
                OptionalLong.of(4242), 10, 10, 100, 80, true, true));
        assertThat(listed(terminal).title()).as("WM_NAME alone").isEqualTo("Terminal");
        assertThat(listed(terminal).pid()).isEmpty();
        assertThat(listed(hidden).mapped()).isFalse();
        assertThat(listed(hidden).visible()).isFalse();
    }

    @Test
    void aWindowWhollyCoveredOrOffTheScreenIsNotVisible() {
        TestWindow under = fx.window(40, 30, 20, 20, 0x555555).lower(); // below editorA and editorB
        TestWindow off = fx.window(400, 10, 20, 20, 0x666666);
        fx.painter.sync();
        assertThat(listed(under).visible()).isFalse();
        assertThat(listed(under).mapped()).isTrue();
        assertThat(listed(off).visible()).isFalse();
        under.raise().sync();
        assertThat(listed(under).visible()).isTrue();
    }

    @Test
    void aManagedWindowIsListedAsTheClientInsideItsFrame() {
        TestWindow frame = fx.unmapped(fx.painter.root(), 150, 20, 120, 100, 0, 0x777777);
        TestWindow client = fx.unmapped(frame.id(), 4, 20, 100, 70, 0, 0x888888).wmState().title("Managed app");
        client.map();
        frame.map().sync();
        WindowInfo w = listed(client);
        assertThat(w.frame()).isEqualTo(frame.id());
        assertThat(w.x() * 1000 + w.y()).as("content position on the screen").isEqualTo(154 * 1000 + 40);
        assertThat(ScreenCapture.windows(fx.options())).noneMatch(i -> i.id() == frame.id());
    }

    @Test
    void aTitleOrClassOrPidSelectsTheOneWindow() {
        try (ScreenCapture c = ScreenCapture.open(fx.options().windowTitle("b.txt"))) {
            assertThat(c.info().features()).anySatisfy(f -> assertThat(f.detail()).contains(editorB.idHex()));
        }
        try (ScreenCapture c = ScreenCapture.open(fx.options().window(WindowMatch.parse("class:xterm")))) {
            // the mapped terminal, not the unmapped helper of the same class
            assertThat(c.info().features()).anySatisfy(f -> assertThat(f.detail()).contains(terminal.idHex()));
            assertThat(c.width()).isEqualTo(110);
        }
        try (ScreenCapture c = ScreenCapture.open(fx.options().window(WindowMatch.pid(4242)))) {
            assertThat(c.width() * 1000 + c.height()).isEqualTo(100 * 1000 + 80);
        }
        try (ScreenCapture c = ScreenCapture.open(fx.options().windowTitle("Editor - a.txt"))) {
            next(c).close();
        }
    }

    @Test
    void anUnknownWindowIdIsRejectedNamingIt() {
        assertThatThrownBy(() -> ScreenCapture.open(fx.options().window(0x1abcdef)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window=0x1abcdef").hasMessageContaining("does not exist")
                .hasMessageContaining("deskdup windows");
    }

    @Test
    void theRootWindowIsRejectedAsAWindow() {
        assertThatThrownBy(() -> ScreenCapture.open(fx.options().window(fx.painter.root())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("root window");
    }

    @Test
    void aTitleMatchingNothingListsTheCloseMatches() {
        assertThatThrownBy(() -> ScreenCapture.open(fx.options().windowTitle("Edtor")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window=title:Edtor matches no window")
                .hasMessageContaining("close matches: ")
                .hasMessageContaining(editorA.idHex() + " \"Editor - a.txt\"")
                .hasMessageContaining(editorB.idHex() + " \"Editor - b.txt\"")
                .hasMessageNotContaining("Terminal");
        assertThatThrownBy(() -> ScreenCapture.open(fx.options().windowTitle("zzzzzzzz")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("windows there: ").hasMessageContaining("Terminal");
    }

    @Test
    void aTitleMatchingSeveralWindowsListsThem() {
        assertThatThrownBy(() -> ScreenCapture.open(fx.options().windowTitle("editor")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window=title:editor matches 2 windows")
                .hasMessageContaining(editorA.idHex() + " \"Editor - a.txt\" (class Editor, pid 4242)")
                .hasMessageContaining(editorB.idHex() + " \"Editor - b.txt\" (class Editor)")
                .hasMessageContaining("pass one of these ids");
    }

    @Test
    void aWindowWithARegionOrMonitorOrDecorationsAloneIsAUsageError() {
        CaptureOptions w = fx.options().window(editorA.id());
        assertThatThrownBy(() -> ScreenCapture.open(w.region(Region.of(0, 0, 10, 10))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window=" + editorA.idHex())
                .hasMessageContaining("region=0,0,10,10");
        assertThatThrownBy(() -> ScreenCapture.open(w.monitor("0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("monitor=0");
        assertThatThrownBy(() -> ScreenCapture.open(fx.options().windowDecorations(true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("windowDecorations=true");
    }

    @Test
    void theSyntheticSourceRefusesAWindow() {
        assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults().source("synthetic").window(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window=0x5")
                .hasMessageContaining("source=synthetic");
        assertThatThrownBy(() -> ScreenCapture.windows(CaptureOptions.defaults().source("synthetic")))
                .isInstanceOf(CaptureException.class).hasMessageContaining("cannot list windows");
    }
}
