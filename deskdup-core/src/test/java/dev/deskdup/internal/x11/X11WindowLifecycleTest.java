package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureStream;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.ServerResources;
import dev.deskdup.xvfb.TestWindow;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import dev.deskdup.xvfb.junit.WithXvfb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.deskdup.internal.x11.WindowFixture.filled;
import static dev.deskdup.internal.x11.WindowFixture.firstDifference;
import static dev.deskdup.internal.x11.WindowFixture.next;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A captured window going away and coming back, being destroyed, and what the capture holds on the server. */
@WithXvfb(width = 320, height = 240)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class X11WindowLifecycleTest {

    static final int BACKGROUND = 0x203040;

    private final WindowFixture fx;

    X11WindowLifecycleTest(VirtualDisplay xvfb, X11Painter painter) {
        this.fx = new WindowFixture(xvfb, painter);
    }

    @AfterEach
    void destroyWindows() {
        fx.close();
    }

    @Test
    void anUnmappedWindowGivesNoFramesUntilItIsMappedAgain() {
        TestWindow a = fx.window(10, 10, 100, 60, BACKGROUND);
        try (ScreenCapture capture = ScreenCapture.open(fx.options().window(a.id()))) {
            next(capture).close();
            assertThat(capture.info().state()).isEqualTo("running");
            a.unmap().sync();
            a.fill(0, 0, 10, 10, 0xFFFFFF).sync(); // drawing into an unmapped window changes nothing
            assertThat(capture.acquire(300, TimeUnit.MILLISECONDS)).isNull();
            assertThat(capture.info().state()).contains("unmapped").contains(a.idHex());
            a.map().sync();
            try (Frame f = next(capture)) {
                assertThat(f.dirtyRectCount()).isEqualTo(1);
                assertThat(f.dirtyRectWidth(0) * 1000 + f.dirtyRectHeight(0)).isEqualTo(100 * 1000 + 60);
                // mapped again, it was repainted with its background (no application here to redraw it)
                assertThat(firstDifference(f, filled(100, 60, BACKGROUND), 100, 60)).isNull();
            }
            assertThat(capture.info().state()).isEqualTo("running");
        }
    }

    @Test
    void aWindowMappedOnlyAfterTheCaptureOpenedIsWaitedFor() {
        TestWindow a = fx.unmapped(fx.painter.root(), 30, 30, 64, 48, 0, BACKGROUND);
        fx.painter.sync();
        try (ScreenCapture capture = ScreenCapture.open(fx.options().window(a.id()))) {
            assertThat(capture.width() * 1000 + capture.height()).isEqualTo(64 * 1000 + 48);
            assertThat(capture.acquire(200, TimeUnit.MILLISECONDS)).isNull();
            assertThat(capture.info().state()).contains("unmapped");
            a.map().sync();
            try (Frame f = next(capture)) {
                assertThat(firstDifference(f, filled(64, 48, BACKGROUND), 64, 48)).isNull();
            }
        }
    }

    @Test
    void aDestroyedWindowEndsTheStreamWithinOneSecondNamingIt() throws Exception {
        TestWindow a = fx.window(10, 10, 100, 60, BACKGROUND);
        try (ScreenCapture capture = ScreenCapture.open(fx.options().window(a.id()))) {
            AtomicLong frames = new AtomicLong();
            CaptureStream stream = capture.stream(f -> frames.incrementAndGet());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (frames.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(frames.get()).isPositive();
            long destroyed = System.nanoTime();
            a.destroy();
            fx.painter.sync();
            while (stream.isRunning() && System.nanoTime() - destroyed < TimeUnit.SECONDS.toNanos(2)) {
                Thread.sleep(1);
            }
            long took = System.nanoTime() - destroyed;
            assertThat(stream.isRunning()).isFalse();
            assertThat(took).as("ns until the stream ended").isLessThan(TimeUnit.SECONDS.toNanos(1));
            assertThat(stream.failure()).isInstanceOf(CaptureException.class)
                    .hasMessageContaining("window=" + a.idHex()).hasMessageContaining("destroyed");
            assertThat(capture.info().state()).contains("destroyed");
        }
    }

    @Test
    void aDestroyedWindowFailsThePullingConsumerToo() {
        TestWindow a = fx.window(10, 10, 100, 60, BACKGROUND);
        try (ScreenCapture capture = ScreenCapture.open(fx.options().window(a.id()).changeTracking(false))) {
            next(capture).close();
            a.destroy();
            fx.painter.sync();
            assertThatThrownBy(() -> capture.acquire(1, TimeUnit.SECONDS)).isInstanceOf(CaptureException.class)
                    .hasMessageContaining(a.idHex()).hasMessageContaining("destroyed");
        }
    }

    @Test
    void aWindowCaptureHoldsOnePixmapAndOneDamageOnTheServerThroughResizesAndLeavesNothing() {
        TestWindow a = fx.window(10, 10, 100, 60, BACKGROUND);
        List<ServerResources.Client> before = ServerResources.query(fx.painter);
        ServerResources.Client held;
        int slots = 2;
        try (ScreenCapture capture = ScreenCapture.open(fx.options().window(a.id()).slots(slots))) {
            for (int i = 0; i < 6; i++) {
                a.resize(100 + 10 * i, 60 + 5 * i).sync();
                a.unmap().map().sync();
                try (Frame f = next(capture)) {
                    assertThat(f.width()).isEqualTo(100 + 10 * i);
                }
            }
            held = ServerResources.newClient(before, ServerResources.query(fx.painter));
            assertThat(held.count("PIXMAP")).as("pixmaps: %s", held.counts()).isEqualTo(1);
            assertThat(held.count("DamageExt")).as("damage objects: %s", held.counts()).isEqualTo(1);
            assertThat(held.count("CompositeClientWindow")).as("redirections: %s", held.counts()).isEqualTo(1);
            // one segment per slot and the scratch of sub-rectangle reads, whatever the resizes
            assertThat(held.count("ShmSeg")).as("segments: %s", held.counts()).isEqualTo(slots + 1);
        }
        fx.painter.sync();
        List<ServerResources.Client> after = ServerResources.query(fx.painter);
        assertThat(after).as("the capture's X client is gone with all it held")
                .noneMatch(c -> c.resourceBase() == held.resourceBase());
        assertThat(after).hasSameSizeAs(before);
    }
}
