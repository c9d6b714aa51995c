package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.Region;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Random;

import static dev.deskdup.internal.dxgi.DxgiFixture.dirty;
import static dev.deskdup.internal.dxgi.DxgiRotation.DXGI_MODE_ROTATION_IDENTITY;
import static dev.deskdup.internal.dxgi.DxgiRotation.DXGI_MODE_ROTATION_ROTATE180;
import static dev.deskdup.internal.dxgi.DxgiRotation.DXGI_MODE_ROTATION_ROTATE270;
import static dev.deskdup.internal.dxgi.DxgiRotation.DXGI_MODE_ROTATION_ROTATE90;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotated outputs: the acquired texture is unrotated (640x480 for a 480x640 portrait desktop at 90°, as Microsoft's
 * "Rotating the desktop image" describes), its rectangles are in texture space; frames are delivered upright, with
 * dirty rectangles, the region and the pointer in desktop orientation. Expected rectangles are worked out with
 * the formulas of Microsoft's DesktopDuplication sample ({@code SetDirtyVert}), not with the code under test.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DxgiRotationTest {

    static final int BGRA = DxgiPixelFormat.DXGI_FORMAT_B8G8R8A8_UNORM;

    final DxgiFixture fx = new DxgiFixture(640, 480);
    final FakeWorld world = fx.world;

    @AfterEach
    void checkProtocolAndReferences() {
        fx.close();
    }

    @ParameterizedTest(name = "rotation {0}")
    @CsvSource({
            // rotation, frame w, h, dirty rect (texture 600,10,30,20) as the sample turns it
            "2, 480, 640, '450,600,20,30'",
            "3, 640, 480, '10,450,30,20'",
            "4, 480, 640, '10,10,20,30'"})
    void deliversRotatedOutputsUprightWithTheirDirtyRectanglesTurned(int rotation, int w, int h, String dirty) {
        world.resize(640, 480, rotation, BGRA);
        fx.open(CaptureOptions.defaults());
        assertThat(fx.capture.width()).isEqualTo(w);
        assertThat(fx.capture.height()).isEqualTo(h);
        world.script.add(new FakeEvent.Image(List.<int[]>of(new int[] {0, 0, 8, 8})));
        try (Frame f = fx.acquire()) {
            assertThat(world.stagingTextures().getFirst().width).as("staging sized from the texture").isEqualTo(640);
            assertThat(world.copyResources).isEqualTo(1);
            assertThat(f.width()).isEqualTo(w);
            fx.assertShowsDesktop(f);
        }
        world.clearCopies();
        world.script.add(new FakeEvent.Image(List.<int[]>of(new int[] {600, 10, 30, 20})));
        try (Frame f = fx.acquire()) {
            assertThat(world.copyBoxes()).as("the GPU copies the texture-space box").containsExactly("600,10,30,20");
            assertThat(f.dirtyRectCount()).isEqualTo(1);
            assertThat(dirty(f, 0)).isEqualTo(dirty);
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void aRegionIsInDesktopOrientationAndCopiedFromItsTextureSpaceBox() {
        world.resize(640, 480, DXGI_MODE_ROTATION_ROTATE90, BGRA);
        fx.open(CaptureOptions.defaults().region(Region.of(100, 200, 50, 60)));
        world.script.add(new FakeEvent.Image(List.<int[]>of(new int[] {0, 0, 8, 8})));
        try (Frame f = fx.acquire()) {
            // output rows 200..260, columns 100..150 are texture columns 200..260, rows 480-150..480-100
            assertThat(world.copyBoxes()).containsExactly("200,330,60,50");
            assertThat(f.width()).isEqualTo(50);
            assertThat(f.height()).isEqualTo(60);
            fx.assertShowsDesktop(f, 100, 200);
        }
        world.clearCopies();
        // texture (250, 300, 20, 40) is output (480-340, 250, 40, 20) = (140, 250, 40, 20): in the region at (40, 50)
        world.script.add(new FakeEvent.Image(List.<int[]>of(new int[] {250, 300, 20, 40})));
        try (Frame f = fx.acquire()) {
            assertThat(world.copyBoxes()).containsExactly("250,330,10,10");
            assertThat(dirty(f, 0)).isEqualTo("40,50,10,10");
            fx.assertShowsDesktop(f, 100, 200);
        }
    }

    @Test
    void followsARotationChangeToAnUprightFrameOfTheNewSize() {
        fx.open(CaptureOptions.defaults());
        world.script.add(new FakeEvent.Image(List.<int[]>of(new int[] {0, 0, 8, 8})));
        fx.acquire().close();
        world.script.add(new FakeEvent.ModeChange(640, 480, DXGI_MODE_ROTATION_ROTATE270, BGRA));
        world.script.add(new FakeEvent.Image(List.<int[]>of(new int[] {5, 5, 8, 8})));
        try (Frame f = fx.acquire()) {
            assertThat(f.width()).isEqualTo(480);
            assertThat(f.height()).isEqualTo(640);
            assertThat(f.sizeChanged()).isTrue();
            assertThat(dirty(f, 0)).isEqualTo("0,0,480,640");
            fx.assertShowsDesktop(f);
        }
        assertThat(fx.capture.info().features()).anyMatch(ft -> ft.name().equals("rotation")
                && ft.detail().startsWith("rotation=270"));
    }

    @Test
    void copiesOnlyTheChangesOfRotatedFramesWithEverySlotExact() {
        world.resize(200, 120, DXGI_MODE_ROTATION_ROTATE90, BGRA);
        fx.open(CaptureOptions.defaults().slots(2));
        Random r = new Random(90);
        for (int i = 0; i < 40; i++) {
            int x = r.nextInt(190);
            int y = r.nextInt(110);
            world.script.add(new FakeEvent.Image(List.<int[]>of(new int[] {x, y, 1 + r.nextInt(200 - x),
                    1 + r.nextInt(120 - y)})));
            try (Frame f = fx.acquire()) {
                fx.assertShowsDesktop(f);
            }
        }
    }

    @Test
    void rectanglesSurviveTheRoundTripThroughEverySpace() {
        Random rnd = new Random(7);
        int[] a = new int[4];
        int[] b = new int[4];
        for (int rotation : new int[] {DXGI_MODE_ROTATION_IDENTITY, DXGI_MODE_ROTATION_ROTATE90,
                DXGI_MODE_ROTATION_ROTATE180, DXGI_MODE_ROTATION_ROTATE270}) {
            int tw = 64;
            int th = 48;
            int ow = DxgiRotation.outputWidth(rotation, tw, th);
            int oh = DxgiRotation.outputHeight(rotation, tw, th);
            for (int i = 0; i < 200; i++) {
                int x = rnd.nextInt(ow);
                int y = rnd.nextInt(oh);
                int w = 1 + rnd.nextInt(ow - x);
                int h = 1 + rnd.nextInt(oh - y);
                DxgiRotation.outputToTexture(rotation, x, y, w, h, ow, oh, a);
                DxgiRotation.textureToOutput(rotation, a[0], a[1], a[0] + a[2], a[1] + a[3], tw, th, b);
                assertThat(b).as("rotation %d rect %d,%d,%d,%d", rotation, x, y, w, h).containsExactly(x, y, w, h);
                // the frame's staging box (whole output here) agrees with the per-pixel mapping
                DxgiRotation.frameToStaging(rotation, x, y, w, h, ow, oh, a);
                int sx = DxgiRotation.stagingX(rotation, x, y, ow, oh);
                int sy = DxgiRotation.stagingY(rotation, x, y, ow, oh);
                assertThat(sx).isBetween(a[0], a[0] + a[2] - 1);
                assertThat(sy).isBetween(a[1], a[1] + a[3] - 1);
            }
        }
    }
}
