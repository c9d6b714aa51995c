package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.Region;
import dev.deskdup.testing.UnsharedSlotMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static dev.deskdup.internal.dxgi.DxgiFixture.dirty;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The copy-out design: the GPU keeps one staging texture current with each frame's changed boxes, the CPU copies
 * this frame's changes plus the slot's debt into the slot's own memory between Map and Unmap, inside the fill.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DxgiCopyOutTest {

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
    void copiesOnlyDirtyAndMovedAreasOnTheGpuAndTheCpuWhenTheSlotIsCurrent() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(new int[] {0, 0, 8, 8}));
        fx.acquire().close();
        world.clearCopies();
        long bytesBefore = fx.capture.bytesCopied();
        world.script.add(new FakeEvent.Image(List.<int[]>of(new int[] {10, 10, 20, 20}),
                List.<int[]>of(new int[] {100, 100, 200, 50, 30, 30})));
        try (Frame f = fx.acquire()) {
            assertThat(world.copyResources).isZero();
            assertThat(world.copyBoxes()).containsExactly("200,50,30,30", "10,10,20,20");
            assertThat(fx.capture.bytesCopied() - bytesBefore).as("the CPU copy, counted honestly")
                    .isEqualTo(4L * (30 * 30 + 20 * 20));
            assertThat(List.of(dirty(f, 0), dirty(f, 1))).containsExactly("200,50,30,30", "10,10,20,20");
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void aSlotThatMissedFramesCopiesWhatItOwesFromTheStagingTextureNotFromTheGpuAgain() {
        fx.open(CaptureOptions.defaults().slots(2));
        world.script.add(image(new int[] {0, 0, 8, 8}));
        world.script.add(image(new int[] {300, 200, 40, 10}));
        Frame first = fx.acquire();
        Frame second = fx.acquire(); // the other slot
        first.close();
        second.close();
        world.clearCopies();
        long bytesBefore = fx.capture.bytesCopied();
        world.script.add(image(new int[] {5, 400, 10, 10}));
        try (Frame third = fx.acquire()) { // back in the first slot, which missed the second frame
            assertThat(world.copyBoxes()).as("the GPU copies this frame's changes only").containsExactly("5,400,10,10");
            assertThat(fx.capture.bytesCopied() - bytesBefore).as("the CPU copies the debt and the changes")
                    .isEqualTo(4L * (40 * 10 + 10 * 10));
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
        int before = first.pixels().get(JAVA_INT, 0);
        world.script.add(image(new int[] {0, 0, 8, 8}));
        try (Frame second = fx.acquire()) {
            fx.assertShowsDesktop(second);
            assertThat(first.pixels().get(JAVA_INT, 0)).isEqualTo(before)
                    .isNotEqualTo(second.pixels().get(JAVA_INT, 0));
        }
        first.close();
    }

    @Test
    void framePixelsAreTheSlotsOwnPackedMemoryAndTheStagingTextureIsUnmappedBeforeFillReturns() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(new int[] {0, 0, 8, 8}));
        try (Frame f = fx.acquire()) {
            assertThat(world.stagingTextures()).hasSize(1).noneMatch(t -> t.mapped);
            assertThat(f.stride()).isEqualTo(640 * 4); // the staging rows are padded to 2560+; the slot's are not
            fx.assertNotMapped(f);
            assertThat(f.pixels().address() % 4096).as("page-aligned slot memory").isZero();
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void aSegmentKeptPastReleaseReadsTheSlotAndACleanIllegalStateExceptionAfterClose() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(new int[] {0, 0, 8, 8}));
        final Frame f = fx.acquire();
        MemorySegment kept = f.pixels();
        int topLeft = world.desktopPixel(0, 0);
        fx.assertNotMapped(f);
        f.close();
        assertThat(kept.get(JAVA_INT, 0)).as("after release: still the slot's memory, readable").isEqualTo(topLeft);
        fx.capture.close();
        assertThatThrownBy(() -> kept.get(JAVA_INT, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(f::pixels).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void makesOneStagingTextureForAllSlotsAndKeepsIt() {
        fx.open(CaptureOptions.defaults().slots(3));
        assertThat(world.texturesCreated).as("nothing before the first image").isZero();
        List<Frame> held = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            world.script.add(image(new int[] {i, i, 8, 8}));
            held.add(fx.acquire());
            if (held.size() == 2) {
                held.removeFirst().close();
            }
        }
        held.forEach(Frame::close);
        assertThat(world.texturesCreated).isEqualTo(1);
    }

    @Test
    void followsAMappingThatMovesFromOneMapToTheNext() {
        world.remapOnMap = true;
        fx.open(CaptureOptions.defaults().slots(2));
        for (int i = 0; i < 4; i++) {
            world.script.add(image(new int[] {30 * i, 20 * i, 50, 40}));
            try (Frame f = fx.acquire()) {
                fx.assertShowsDesktop(f);
            }
        }
        assertThat(world.mapCalls).isEqualTo(4);
    }

    @Test
    void copiesARegionOnlyAndItsPartOfEachDirtyRect() {
        fx.open(CaptureOptions.defaults().region(Region.of(50, 40, 100, 80)));
        world.script.add(image(new int[] {0, 0, 8, 8}));
        try (Frame f = fx.acquire()) {
            assertThat(world.copyBoxes()).containsExactly("50,40,100,80");
            assertThat(world.stagingTextures().getFirst().width).isEqualTo(100);
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
    void changesOutsideTheRegionDeliverNoFrame() {
        fx.open(CaptureOptions.defaults().region(Region.of(50, 40, 100, 80)));
        world.script.add(image(new int[] {0, 0, 8, 8}));
        fx.acquire().close();
        world.script.add(image(new int[] {300, 300, 5, 5}));
        assertThat(fx.capture.acquire(50, java.util.concurrent.TimeUnit.MILLISECONDS)).isNull();
        assertThat(world.acquired).isEqualTo(2);
        world.script.add(image(new int[] {60, 50, 5, 5}));
        try (Frame f = fx.acquire()) {
            assertThat(dirty(f, 0)).isEqualTo("10,10,5,5");
            fx.assertShowsDesktop(f, 50, 40);
        }
    }

    @Test
    void framesLandInTheMemoryOfAGivenAllocator() {
        List<MemorySegment> provided = new ArrayList<>();
        List<Integer> closed = new ArrayList<>();
        Arena arena = Arena.ofShared();
        fx.memory = (index, w, h, stride) -> {
            MemorySegment m = arena.allocate((long) stride * h, 4096);
            provided.add(m);
            return new UnsharedSlotMemory(m, () -> closed.add(index));
        };
        try {
            fx.open(CaptureOptions.defaults().slots(2));
            assertThat(provided).hasSize(2);
            world.script.add(image(new int[] {0, 0, 8, 8}));
            try (Frame f = fx.acquire()) {
                assertThat(f.pixels().address()).isIn(provided.get(0).address(), provided.get(1).address());
                fx.assertShowsDesktop(f);
            }
            fx.capture.close();
            assertThat(closed).containsExactlyInAnyOrder(0, 1);
        } finally {
            arena.close();
        }
    }

    @Test
    void timeoutMeansNoFrameNoCopyAndNoRealWait() {
        fx.open(CaptureOptions.defaults());
        long real = System.nanoTime();
        assertThat(fx.capture.acquire(5, java.util.concurrent.TimeUnit.SECONDS)).isNull();
        assertThat(System.nanoTime() - real).as("the fake clock waited, not the test").isLessThan(2_000_000_000L);
        assertThat(world.acquired).isZero();
        assertThat(world.copyCount + world.copyResources + world.mapCalls).isZero();
    }
}
