package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.Region;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.deskdup.internal.dxgi.DxgiFixture.dirty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DXGI source, unchanged, against simulated DXGI/D3D11 objects reached through native vtables. */
class DxgiSourceTest {

    final DxgiFixture fx = new DxgiFixture(640, 480);
    final FakeWorld world = fx.world;

    @AfterEach
    void checkProtocolAndReferences() {
        fx.close();
    }

    static FakeEvent.Image image(int[]... dirty) {
        return new FakeEvent.Image(List.of(dirty));
    }

    @Test
    void deliversTheWholeDesktopFullyDirtyOnTheFirstFrame() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(new int[] {1, 2, 3, 4}));
        try (Frame f = fx.acquire()) {
            assertThat(f.width()).isEqualTo(640);
            assertThat(f.height()).isEqualTo(480);
            assertThat(world.copyResources).isEqualTo(1);
            assertThat(f.dirtyRectCount()).isEqualTo(1);
            assertThat(dirty(f, 0)).isEqualTo("0,0,640,480");
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void copiesOnlyDirtyAndMovedAreasWhenSlotIsCurrent() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(new int[] {0, 0, 8, 8}));
        fx.acquire().close();
        world.clearCopies();
        long bytesBefore = fx.capture.bytesCopied();
        world.script.add(new FakeEvent.Image(List.<int[]>of(new int[] {10, 10, 20, 20}),
                List.<int[]>of(new int[] {100, 100, 200, 50, 30, 30}), -1, -1, null));
        try (Frame f = fx.acquire()) {
            assertThat(world.copyResources).isZero();
            assertThat(fx.capture.bytesCopied() - bytesBefore).isEqualTo(4L * (30 * 30 + 20 * 20));
            assertThat(world.copyBoxes()).containsExactly("200,50,30,30", "10,10,20,20");
            assertThat(f.dirtyRectCount()).isEqualTo(2);
            assertThat(List.of(dirty(f, 0), dirty(f, 1))).containsExactly("200,50,30,30", "10,10,20,20");
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void slotThatMissedFramesCopiesWhatItMissedAndTheNewAreas() {
        fx.open(CaptureOptions.defaults().slots(2));
        world.script.add(image(new int[] {0, 0, 8, 8}));
        world.script.add(image(new int[] {300, 200, 40, 10}));
        Frame first = fx.acquire();
        Frame second = fx.acquire(); // the other slot
        first.close();
        second.close();
        world.clearCopies();
        world.script.add(image(new int[] {5, 400, 10, 10}));
        try (Frame third = fx.acquire()) { // back in the first slot, which missed the second frame
            assertThat(world.copyBoxes()).containsExactly("300,200,40,10", "5,400,10,10");
            assertThat(world.copyResources).isZero();
            assertThat(third.dirtyRectCount()).isEqualTo(1);
            assertThat(dirty(third, 0)).isEqualTo("5,400,10,10");
            fx.assertShowsDesktop(third);
        }
    }

    @Test
    void heldFramesKeepTheirPixelsWhileOtherSlotsFill() {
        fx.open(CaptureOptions.defaults().slots(2));
        world.script.add(image(new int[] {0, 0, 8, 8}));
        Frame first = fx.acquire();
        int before = first.pixels().get(java.lang.foreign.ValueLayout.JAVA_INT, 0);
        world.script.add(image(new int[] {0, 0, 8, 8}));
        try (Frame second = fx.acquire()) {
            fx.assertShowsDesktop(second);
            assertThat(first.pixels().get(java.lang.foreign.ValueLayout.JAVA_INT, 0)).isEqualTo(before)
                    .isNotEqualTo(second.pixels().get(java.lang.foreign.ValueLayout.JAVA_INT, 0));
        }
        first.close();
    }

    @Test
    void framePixelsAreTheMappedStagingTextureWithItsRowPitch() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(new int[] {0, 0, 8, 8}));
        try (Frame f = fx.acquire()) {
            assertThat(f.stride()).isEqualTo(2560); // 640*4 rounded up to 256 by the fake driver
            FakeD3d.Texture mapped = world.stagingTextures().stream().filter(t -> t.mapped).findFirst().orElseThrow();
            assertThat(f.pixels().address()).isEqualTo(mapped.memory.address());
        }
        assertThat(world.stagingTextures()).noneMatch(t -> t.mapped); // unmapped on release
    }

    @Test
    void createsStagingTexturesOncePerSlotNotPerFrame() {
        fx.open(CaptureOptions.defaults());
        assertThat(world.texturesCreated).isEqualTo(3); // in attach
        for (int i = 0; i < 20; i++) {
            world.script.add(image(new int[] {i, i, 8, 8}));
            fx.acquire().close();
        }
        assertThat(world.texturesCreated).isEqualTo(3);
    }

    @Test
    void timeoutMeansNoFrameAndNoCopy() {
        fx.open(CaptureOptions.defaults());
        assertThat(fx.capture.acquire(20, TimeUnit.MILLISECONDS)).isNull();
        assertThat(world.acquired).isZero();
        assertThat(world.copyCount + world.copyResources).isZero();
    }

    @Test
    void pointerOnlyUpdatesDeliverNoFrameButMoveThePointer() {
        fx.open(CaptureOptions.defaults());
        world.script.add(new FakeEvent.PointerOnly(5, 6, null));
        assertThat(fx.capture.acquire(20, TimeUnit.MILLISECONDS)).isNull();
        assertThat(world.acquired).isEqualTo(1);
        assertThat(world.copyCount + world.copyResources).isZero();
        assertThat(fx.source.pointerX()).isEqualTo(5);
        assertThat(fx.source.pointerY()).isEqualTo(6);
        assertThat(fx.source.pointerVisible()).isTrue();
    }

    @Test
    void pointerOnlyUpdateIsSkippedAndTheNextImageDelivered() {
        fx.open(CaptureOptions.defaults());
        world.script.add(new FakeEvent.PointerOnly(5, 6, null));
        world.script.add(image(new int[] {0, 0, 8, 8}));
        try (Frame f = fx.acquire()) {
            assertThat(f.sequence()).isEqualTo(1);
            fx.assertShowsDesktop(f);
        }
        assertThat(world.acquired).isEqualTo(2);
    }

    @Test
    void readsThePointerShapeOnlyWhenItChanged() {
        fx.open(CaptureOptions.defaults());
        byte[] shape = FakeDxgi.bytes(32 * 4 * 48, 7); // larger than the initial buffer
        world.script.add(new FakeEvent.PointerOnly(1, 2, shape));
        world.script.add(new FakeEvent.Image(List.<int[]>of(new int[] {0, 0, 4, 4}), List.of(), 3, 4, null));
        try (Frame f = fx.acquire()) {
            assertThat(fx.source.pointerShapeVersion()).isEqualTo(1);
            assertThat(fx.source.pointerShape()).isEqualTo(shape);
            assertThat(fx.source.pointerShapeType()).isEqualTo(2);
            assertThat(fx.source.pointerShapeWidth()).isEqualTo(32);
            assertThat(fx.source.pointerShapeHeight()).isEqualTo(48);
            assertThat(fx.source.pointerShapePitch()).isEqualTo(128);
            assertThat(fx.source.pointerHotSpotX()).isEqualTo(3);
            assertThat(fx.source.pointerHotSpotY()).isEqualTo(4);
            assertThat(fx.source.pointerX()).isEqualTo(3); // moved with the image, shape unchanged: not re-read
        }
    }

    @Test
    void growsTheMetadataBufferOnMoreDataOnceAndKeepsIt() {
        fx.open(CaptureOptions.defaults());
        List<int[]> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(new int[] {(i % 20) * 30, (i / 20) * 40, 12, 9});
        }
        world.script.add(new FakeEvent.Image(many));
        fx.acquire().close();
        assertThat(world.moreDataAnswers).isEqualTo(1);
        world.clearCopies();
        world.script.add(new FakeEvent.Image(many));
        try (Frame f = fx.acquire()) {
            assertThat(world.moreDataAnswers).isEqualTo(1);
            assertThat(world.copyCount).isEqualTo(100);
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void recreatesTheDuplicationAfterAccessLostAndDeliversAFullyDirtyFrame() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(new int[] {0, 0, 8, 8}));
        fx.acquire().close();
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_ACCESS_LOST));
        world.script.add(image(new int[] {50, 50, 8, 8}));
        world.clearCopies();
        try (Frame f = fx.acquire()) {
            assertThat(world.duplicationsCreated).isEqualTo(2);
            assertThat(fx.source.dxgiState()).isEqualTo(DxgiState.RUNNING);
            assertThat(fx.source.lastError()).isEqualTo(HResult.DXGI_ERROR_ACCESS_LOST);
            assertThat(dirty(f, 0)).isEqualTo("0,0,640,480");
            assertThat(world.copyResources).isEqualTo(1);
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void followsAModeChangeToANewSize() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(new int[] {0, 0, 8, 8}));
        fx.acquire().close();
        world.script.add(new FakeEvent.ModeChange(320, 200));
        world.script.add(image(new int[] {1, 1, 8, 8}));
        try (Frame f = fx.acquire()) {
            assertThat(f.width()).isEqualTo(320);
            assertThat(f.height()).isEqualTo(200);
            assertThat(fx.capture.width()).isEqualTo(320);
            assertThat(dirty(f, 0)).isEqualTo("0,0,320,200");
            assertThat(world.texturesCreated).isEqualTo(3 + 1); // only the slot filled is re-made, and only once
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void waitsOutAccessDeniedWithBackoffAndShowsItInState() {
        fx.open(CaptureOptions.defaults(), new DxgiRetryPolicy(20, TimeUnit.MILLISECONDS.toNanos(5),
                TimeUnit.MILLISECONDS.toNanos(5)));
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_ACCESS_LOST));
        world.script.add(image(new int[] {0, 0, 8, 8}));
        world.denyDuplications = 3;
        assertThat(fx.capture.acquire(0, TimeUnit.MILLISECONDS)).isNull();
        assertThat(fx.source.dxgiState()).isEqualTo(DxgiState.WAITING_ACCESS_DENIED);
        assertThat(fx.source.lastError()).isEqualTo(HResult.E_ACCESSDENIED);
        try (Frame f = fx.acquire()) {
            assertThat(f).isNotNull();
            assertThat(fx.source.dxgiState()).isEqualTo(DxgiState.RUNNING);
            assertThat(world.denyDuplications).isZero();
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void failsClearlyWhenRetriesAreExhausted() {
        fx.open(CaptureOptions.defaults(), new DxgiRetryPolicy(3, 0, 0));
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_ACCESS_LOST));
        world.denyDuplications = 100;
        assertThatThrownBy(fx::acquire).isInstanceOf(CaptureException.class)
                .hasMessageContaining("attempts=3")
                .hasMessageContaining("hresult=0x80070005 (E_ACCESSDENIED)");
        assertThat(fx.source.dxgiState()).isEqualTo(DxgiState.FAILED);
        assertThatThrownBy(fx::acquire).isInstanceOf(CaptureException.class);
    }

    @Test
    void recreatesTheDeviceWhenItWasRemoved() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(new int[] {0, 0, 8, 8}));
        fx.acquire().close();
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_DEVICE_REMOVED));
        world.script.add(image(new int[] {9, 9, 8, 8}));
        try (Frame f = fx.acquire()) {
            assertThat(world.deviceCreations).isEqualTo(2);
            assertThat(dirty(f, 0)).isEqualTo("0,0,640,480");
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void capturesARegionCopyingOnlyItsPartOfEachDirtyRect() {
        fx.open(CaptureOptions.defaults().region(Region.of(50, 40, 100, 80)));
        world.script.add(image(new int[] {0, 0, 8, 8}));
        try (Frame f = fx.acquire()) {
            assertThat(world.copyBoxes()).containsExactly("50,40,100,80");
            fx.assertShowsDesktop(f, 50, 40);
        }
        world.clearCopies();
        world.script.add(image(new int[] {140, 100, 30, 30}, new int[] {300, 300, 5, 5}));
        try (Frame f = fx.acquire()) {
            assertThat(world.copyBoxes()).containsExactly("140,100,10,20");
            assertThat(f.dirtyRectCount()).isEqualTo(1);
            assertThat(dirty(f, 0)).isEqualTo("90,60,10,20");
            fx.assertShowsDesktop(f, 50, 40);
        }
    }

    @Test
    void pairsEveryAcquireNextFrameWithOneReleaseFrame() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(new int[] {0, 0, 8, 8}));
        world.script.add(new FakeEvent.PointerOnly(1, 1, null));
        world.script.add(new FakeEvent.Timeout());
        world.script.add(image(new int[] {1, 1, 8, 8}));
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_ACCESS_LOST));
        world.script.add(image(new int[] {2, 2, 8, 8}));
        for (int i = 0; i < 3; i++) {
            fx.acquire().close();
        }
        assertThat(world.acquired).isEqualTo(4);
        assertThat(world.releasedFrames).isEqualTo(4);
    }

    @Test
    void releasesEveryReferenceOnCloseEvenWithAFrameHeld() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(new int[] {0, 0, 8, 8}));
        Frame held = fx.acquire();
        fx.capture.close();
        assertThat(held.isValid()).isFalse();
        assertThat(world.leaked()).isEmpty();
    }

    @Test
    void selectsTheOutputByNameOrIndexAndThePrimaryByDefault() {
        fx.open(CaptureOptions.defaults());
        assertThat(fx.source.output().name()).isEqualTo("\\\\.\\DISPLAY1");
        assertThat(fx.source.output().primary()).isTrue();
        fx.capture.close();
        fx.open(CaptureOptions.defaults().display("DISPLAY2"));
        assertThat(fx.source.output().name()).isEqualTo("\\\\.\\DISPLAY2");
        assertThat(fx.source.output().left()).isEqualTo(640);
        fx.capture.close();
        fx.open(CaptureOptions.defaults().display("1"));
        assertThat(fx.source.output().name()).isEqualTo("\\\\.\\DISPLAY2");
    }

    @Test
    void rejectsAnUnknownOutputNamingTheOnesThereAre() {
        assertThatThrownBy(() -> fx.open(CaptureOptions.defaults().display("DISPLAY9")))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("display=DISPLAY9")
                .hasMessageContaining("DISPLAY1").hasMessageContaining("DISPLAY2");
    }

    @Test
    void listsOutputsWithTheirDesktopCoordinates() {
        List<DxgiOutputInfo> outputs = DxgiSource.listOutputs(new FakeD3d.EntryPoints(world));
        assertThat(outputs).extracting(DxgiOutputInfo::name).containsExactly("\\\\.\\DISPLAY1", "\\\\.\\DISPLAY2");
        assertThat(outputs.get(1).left()).isEqualTo(640);
        assertThat(outputs.get(1).width()).isEqualTo(640);
        assertThat(outputs.get(0).adapter()).isEqualTo("Fake GPU");
    }

    @Test
    void asksForPerMonitorDpiAwareness() {
        fx.open(CaptureOptions.defaults());
        assertThat(world.dpiAwarenessSet).isTrue();
    }

    @Test
    void waitsForTheDesktopWhenAccessIsDeniedAtOpen() {
        world.denyDuplications = 2;
        fx.open(CaptureOptions.defaults());
        assertThat(fx.source.dxgiState()).isEqualTo(DxgiState.WAITING_ACCESS_DENIED);
        world.script.add(image(new int[] {0, 0, 8, 8}));
        try (Frame f = fx.acquire()) {
            assertThat(fx.source.dxgiState()).isEqualTo(DxgiState.RUNNING);
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void failsClearlyWhenTheOutputIsGoneAfterTheDeviceWasRemoved() {
        fx.open(CaptureOptions.defaults());
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_DEVICE_REMOVED));
        world.outputsGone = true;
        assertThatThrownBy(fx::acquire).isInstanceOf(CaptureException.class)
                .hasMessageContaining("output=\\\\.\\DISPLAY1 is gone");
        assertThat(fx.source.dxgiState()).isEqualTo(DxgiState.FAILED);
    }

    @Test
    void streamsFramesOnTheCaptureThread() throws Exception {
        fx.open(CaptureOptions.defaults());
        world.autoFrames = true;
        java.util.concurrent.atomic.AtomicInteger frames = new java.util.concurrent.atomic.AtomicInteger();
        try (var stream = fx.capture.stream(f -> {
            if (frames.incrementAndGet() >= 50) {
                fx.capture.close();
            }
        })) {
            assertThat(stream.await(java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(stream.failure()).isNull();
        }
        assertThat(frames.get()).isEqualTo(50);
    }
}
