package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.deskdup.internal.dxgi.DxgiFixture.dirty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What goes wrong inside one frame: CreateTexture2D, Map and ReleaseFrame failing, an image without metadata, no
 * new image, a driver that keeps answering MORE_DATA, textures of another size or format than announced. Each time
 * the capture recovers (or fails clearly) and every later frame of every slot is exact.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DxgiFailureTest {

    final DxgiFixture fx = new DxgiFixture(320, 240);
    final FakeWorld world = fx.world;

    @AfterEach
    void checkProtocolAndReferences() {
        fx.close();
    }

    static FakeEvent.Image image(int x, int y, int w, int h) {
        return new FakeEvent.Image(List.<int[]>of(new int[] {x, y, w, h}));
    }

    Frame acquireWithin(int tries) {
        for (int i = 0; i < tries; i++) {
            Frame f = fx.acquire();
            if (f != null) {
                return f;
            }
        }
        throw new AssertionError("no frame; state=" + fx.capture.info().state());
    }

    /** Fills both slots a few times with changes and checks each frame. */
    void everySlotStaysExact() {
        ArrayDeque<Frame> held = new ArrayDeque<>();
        for (int i = 0; i < 6; i++) {
            world.script.add(image(13 * i, 11 * i, 40, 30));
            Frame f = acquireWithin(5);
            fx.assertShowsDesktop(f);
            held.add(f);
            if (held.size() == 2) {
                held.removeFirst().close();
            }
        }
        held.forEach(Frame::close);
    }

    @Test
    void aFailingCreateTexture2DAfterAResetRecoversAndLeavesNoSlotBehind() {
        fx.open(CaptureOptions.defaults().slots(2));
        everySlotStaysExact();
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_DEVICE_RESET));
        world.textureResults.add(HResult.E_OUTOFMEMORY); // the check P2 of the review: a slot was left wrong
        world.script.add(image(100, 80, 20, 20)); // consumed by the failed attempt
        everySlotStaysExact();
        assertThat(world.texturesCreated).isEqualTo(2);
        assertThat(fx.capture.info().state()).isEqualTo("running");
    }

    @Test
    void createTexture2DAnsweringDeviceRemovedStartsDeviceRecoveryInsteadOfEndingTheStream() {
        world.textureResults.add(HResult.DXGI_ERROR_DEVICE_REMOVED);
        fx.open(CaptureOptions.defaults().slots(2));
        world.script.add(image(0, 0, 8, 8));
        everySlotStaysExact();
        assertThat(world.deviceCreations).isEqualTo(2);
    }

    @Test
    void anImageWithoutMetadataIsFullyDirtyForEverySlot() {
        fx.open(CaptureOptions.defaults().slots(2));
        everySlotStaysExact();
        world.script.add(new FakeEvent.Image(List.<int[]>of(new int[] {200, 100, 50, 50}), List.of(), null, false,
                1));
        try (Frame f = acquireWithin(5)) {
            assertThat(dirty(f, 0)).isEqualTo("0,0,320,240");
            fx.assertShowsDesktop(f);
        }
        everySlotStaysExact();
    }

    @Test
    void aPresentWithoutAccumulatedFramesIsNoNewImage() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(0, 0, 8, 8));
        fx.acquire().close();
        world.clearCopies();
        world.script.add(new FakeEvent.Image(List.of(), List.of(), null, true, 0));
        assertThat(fx.capture.acquire(50, TimeUnit.MILLISECONDS)).isNull();
        assertThat(world.copyCount + world.copyResources).isZero();
    }

    @Test
    void aFrameWhoseReleaseFrameFailedIsDroppedAndTheNextOneIsWhole() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(0, 0, 8, 8));
        fx.acquire().close();
        world.releaseResults.add(HResult.DXGI_ERROR_ACCESS_LOST);
        world.script.add(image(50, 50, 8, 8)); // its ReleaseFrame fails: not delivered
        world.script.add(image(60, 60, 8, 8));
        try (Frame f = acquireWithin(5)) {
            assertThat(f.sequence()).isEqualTo(2);
            assertThat(world.duplicationsCreated).isEqualTo(2);
            assertThat(dirty(f, 0)).isEqualTo("0,0,320,240");
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void aDriverThatKeepsAnsweringMoreDataIsGivenUpOnAfterAFewTries() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(0, 0, 8, 8));
        fx.acquire().close();
        world.endlessMoreData = true;
        world.script.add(image(10, 10, 8, 8));
        assertThat(fx.capture.acquire(10, TimeUnit.MILLISECONDS)).isNull();
        assertThat(world.moreDataAnswers).isEqualTo(DxgiChanges.MAX_MORE_DATA);
        world.endlessMoreData = false;
        world.script.add(image(20, 20, 8, 8));
        try (Frame f = acquireWithin(5)) {
            assertThat(dirty(f, 0)).isEqualTo("0,0,320,240");
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void aFailingMapIsRecoveredFromWithAWholeCopy() {
        fx.open(CaptureOptions.defaults().slots(2));
        everySlotStaysExact();
        world.mapResults.add(HResult.E_OUTOFMEMORY);
        world.script.add(image(70, 70, 8, 8)); // its copy-out fails: not delivered
        everySlotStaysExact();
        assertThat(world.mapCalls).isEqualTo(6 + 1 + 6);
    }

    @Test
    void sizesEverythingFromTheAcquiredTextureWhenTheModeSaysOtherwise() {
        world.modeWidthOverride = 1280;
        world.modeHeightOverride = 720;
        fx.open(CaptureOptions.defaults());
        world.script.add(image(0, 0, 8, 8));
        try (Frame f = fx.acquire()) {
            assertThat(f.width()).isEqualTo(320);
            assertThat(f.height()).isEqualTo(240);
            assertThat(world.stagingTextures().getFirst().width).isEqualTo(320);
            fx.assertShowsDesktop(f);
        }
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_ACCESS_LOST)); // a new duplication, the same lie
        world.script.add(image(9, 9, 8, 8));
        try (Frame f = acquireWithin(5)) {
            assertThat(f.width()).isEqualTo(320);
            assertThat(f.sizeChanged()).isFalse();
            fx.assertShowsDesktop(f);
        }
    }

    @ParameterizedTest(name = "format {0}")
    @ValueSource(ints = {DxgiPixelFormat.DXGI_FORMAT_R8G8B8A8_UNORM, DxgiPixelFormat.DXGI_FORMAT_R10G10B10A2_UNORM,
            DxgiPixelFormat.DXGI_FORMAT_B8G8R8A8_UNORM_SRGB})
    void convertsOtherThirtyTwoBitFormatsToBgraAndMakesTheStagingTextureInTheirFormat(int format) {
        fx.open(CaptureOptions.defaults().slots(2));
        everySlotStaysExact();
        world.script.add(new FakeEvent.ModeChange(320, 240, DxgiRotation.DXGI_MODE_ROTATION_IDENTITY, format));
        world.script.add(image(5, 5, 10, 10));
        try (Frame f = acquireWithin(5)) {
            assertThat(world.stagingTextures().getLast().format).isEqualTo(format);
            fx.assertShowsDesktop(f);
        }
        everySlotStaysExact();
    }

    @Test
    void anUnconvertibleFormatFailsClearlyNamingIt() {
        fx.open(CaptureOptions.defaults());
        world.script.add(new FakeEvent.ModeChange(320, 240, DxgiRotation.DXGI_MODE_ROTATION_IDENTITY,
                DxgiPixelFormat.DXGI_FORMAT_R16G16B16A16_FLOAT));
        world.script.add(image(5, 5, 10, 10));
        assertThatThrownBy(() -> acquireWithin(5)).isInstanceOf(CaptureException.class)
                .hasMessageContaining("format=R16G16B16A16_FLOAT")
                .hasMessageContaining("turn HDR off");
        assertThat(fx.capture.info().state()).startsWith("failed: ");
    }

    @Test
    void aRegionThatNoLongerFitsAfterAModeChangeFailsClearly() {
        fx.open(CaptureOptions.defaults().region(dev.deskdup.Region.of(200, 100, 100, 100)));
        world.script.add(new FakeEvent.ModeChange(160, 120));
        world.script.add(image(5, 5, 10, 10));
        assertThatThrownBy(() -> acquireWithin(5)).isInstanceOf(CaptureException.class)
                .hasMessageContaining("no longer fits output=\\\\.\\DISPLAY1 after a mode change to 160x120");
    }
}
