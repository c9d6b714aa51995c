package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static dev.deskdup.internal.dxgi.DxgiFixture.dirty;
import static dev.deskdup.internal.dxgi.DxgiFixture.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Recovery from what Windows goes through: the deadline holds on every turn, expected transitions are retried
 * for as long as they last (at most 2 s apart) with the state visible, unexpected errors have a budget,
 * GetDeviceRemovedReason is consulted, a topology change means a new factory and the output found by name.
 * All on the fake clock: hours of waiting take milliseconds.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DxgiRecoveryTest {

    final DxgiFixture fx = new DxgiFixture(320, 240);
    final FakeWorld world = fx.world;

    @AfterEach
    void checkProtocolAndReferences() {
        fx.close();
    }

    String state() {
        return fx.capture.info().state();
    }

    /** Acquires until a frame comes (each try waits a virtual second), at most {@code tries} times. */
    Frame acquireWithin(int tries) {
        for (int i = 0; i < tries; i++) {
            Frame f = fx.acquire();
            if (f != null) {
                return f;
            }
        }
        throw new AssertionError("no frame within " + tries + " virtual seconds; state=" + state());
    }

    @Test
    void fillKeepsItsDeadlineWhenTheNewDuplicationIsLostAgainAtOnce() {
        fx.open(CaptureOptions.defaults());
        int atOpen = world.duplicateCalls;
        world.acquireAlways = HResult.DXGI_ERROR_ACCESS_LOST; // the old code made 2,001 DuplicateOutput calls here
        long startMillis = world.clock.millis();
        assertThat(fx.capture.acquire(100, TimeUnit.MILLISECONDS)).isNull();
        assertThat(world.clock.millis() - startMillis).as("waited out its 100 ms").isBetween(100L, 150L);
        assertThat(world.duplicateCalls - atOpen).as("DuplicateOutput calls within 100 ms").isLessThanOrEqualTo(2);
        int before = world.duplicateCalls;
        assertThat(fx.capture.acquire(10, TimeUnit.SECONDS)).isNull();
        assertThat(world.duplicateCalls - before).as("attempts back off: 100 ms doubling to 2 s, in 10 s")
                .isBetween(5, 9);
        world.acquireAlways = 0;
        world.script.add(image(0, 0));
        try (Frame f = acquireWithin(5)) {
            fx.assertShowsDesktop(f);
        }
        assertThat(state()).isEqualTo("running");
    }

    @ParameterizedTest(name = "hresult 0x{0}")
    @ValueSource(ints = {HResult.E_ACCESSDENIED, HResult.DXGI_ERROR_UNSUPPORTED,
            HResult.DXGI_ERROR_SESSION_DISCONNECTED, HResult.DXGI_ERROR_NOT_CURRENTLY_AVAILABLE,
            HResult.DXGI_ERROR_DEVICE_REMOVED, HResult.DXGI_ERROR_ACCESS_DENIED})
    void retriesAnExpectedDuplicateOutputFailureForAsLongAsItLastsAtMostTwoSecondsApart(int hresult) {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(0, 0));
        fx.acquire().close();
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_ACCESS_LOST));
        for (int i = 0; i < 330; i++) { // 11 minutes at 2 s: past the old 10-minute budget
            world.duplicateResults.add(hresult);
        }
        world.script.add(image(10, 10));
        long start = world.clock.millis();
        int calls = world.duplicateCalls;
        assertThat(fx.capture.acquire(1, TimeUnit.SECONDS)).isNull();
        DxgiState expected = DxgiRecovery.classify(hresult);
        assertThat(state()).startsWith(expected.description).contains(HResult.describe(hresult))
                .contains("output=\\\\.\\DISPLAY1");
        try (Frame f = acquireWithin(1_000)) {
            assertThat(dirty(f, 0)).isEqualTo("0,0,320,240");
            fx.assertShowsDesktop(f);
        }
        long waited = world.clock.millis() - start;
        assertThat(waited).as("virtual time waited").isGreaterThan(10 * 60 * 1000L);
        assertThat((double) waited / (world.duplicateCalls - calls)).as("ms between attempts")
                .isLessThanOrEqualTo(2_000.0);
        assertThat(state()).isEqualTo("running");
    }

    @Test
    void endsTheCaptureAfterTheBudgetOfUnexpectedErrorsNamingTheCallAndTheHResult() {
        fx.open(CaptureOptions.defaults());
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_ACCESS_LOST));
        for (int i = 0; i < 100; i++) {
            world.duplicateResults.add(HResult.E_FAIL);
        }
        assertThatThrownBy(() -> acquireWithin(100)).isInstanceOf(CaptureException.class)
                .hasMessageContaining("hresult=0x80004005 (E_FAIL)")
                .hasMessageContaining("11 unexpected errors in a row")
                .hasMessageContaining("DuplicateOutput");
        assertThat(state()).startsWith("failed: ");
        assertThatThrownBy(fx::acquire).isInstanceOf(CaptureException.class);
    }

    @Test
    void anUnexpectedErrorOfARemovedDeviceIsADeviceLossByGetDeviceRemovedReason() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(0, 0));
        fx.acquire().close();
        world.removeDevices(); // a TDR, seen first as an odd HRESULT
        world.script.add(new FakeEvent.Fail(HResult.E_INVALIDARG));
        world.script.add(image(20, 20));
        try (Frame f = acquireWithin(5)) {
            assertThat(world.deviceCreations).isEqualTo(2);
            assertThat(dirty(f, 0)).isEqualTo("0,0,320,240");
            fx.assertShowsDesktop(f);
        }
    }

    @ParameterizedTest(name = "hresult 0x{0}")
    @ValueSource(ints = {HResult.DXGI_ERROR_DEVICE_REMOVED, HResult.DXGI_ERROR_DEVICE_RESET,
            HResult.DXGI_ERROR_DEVICE_HUNG, HResult.DXGI_ERROR_DRIVER_INTERNAL_ERROR})
    void recreatesTheDeviceAfterItWasLost(int hresult) {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(0, 0));
        fx.acquire().close();
        world.script.add(new FakeEvent.Fail(hresult));
        world.script.add(image(9, 9));
        try (Frame f = acquireWithin(5)) {
            assertThat(world.deviceCreations).isEqualTo(2);
            assertThat(world.texturesCreated).as("a new staging texture on the new device").isEqualTo(2);
            assertThat(world.stagingTextures()).as("the removed device's staging texture is released at once")
                    .filteredOn(t -> t.refs > 0).hasSize(1);
            assertThat(dirty(f, 0)).isEqualTo("0,0,320,240");
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void retriesWhenTheFactoryOrTheDeviceCannotBeMadeDuringADriverRestart() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(0, 0));
        fx.acquire().close();
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_DEVICE_REMOVED));
        world.factoryResults.add(HResult.E_FAIL);
        world.deviceResults.add(HResult.DXGI_ERROR_DEVICE_REMOVED);
        world.deviceResults.add(HResult.E_OUTOFMEMORY);
        world.script.add(image(5, 5));
        try (Frame f = acquireWithin(10)) {
            assertThat(world.deviceCreations).isEqualTo(2);
            fx.assertShowsDesktop(f);
        }
        assertThat(world.deviceResults).isEmpty();
    }

    @Test
    void findsTheOutputAgainByNameOnANewFactoryAfterATopologyChange() {
        fx.open(CaptureOptions.defaults().display("DISPLAY2"));
        world.script.add(image(0, 0));
        fx.acquire().close();
        world.reverseOutputs(); // DISPLAY2 is now enumerated first: its index changed, its name did not
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_ACCESS_LOST));
        world.script.add(image(30, 30));
        try (Frame f = acquireWithin(5)) {
            fx.assertShowsDesktop(f);
        }
        assertThat(world.staleDuplicateCalls).as("DuplicateOutput on a factory that is not current").isZero();
        assertThat(world.factoriesCreated).isEqualTo(2);
        assertThat(world.duplicatedOutputs).containsOnly("\\\\.\\DISPLAY2");
    }

    @Test
    void reportsADetachedOutputAndWaitsForItToComeBack() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(0, 0));
        fx.acquire().close();
        world.detach("\\\\.\\DISPLAY1");
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_ACCESS_LOST));
        for (int i = 0; i < 10; i++) {
            assertThat(fx.acquire()).isNull();
        }
        assertThat(state()).startsWith("waiting: output detached: output=\\\\.\\DISPLAY1 is not attached to the "
                + "desktop (unplugged, disabled, or the display topology changed); outputs now [");
        world.reattach("\\\\.\\DISPLAY1");
        world.script.add(image(40, 40));
        try (Frame f = acquireWithin(5)) {
            fx.assertShowsDesktop(f);
        }
        assertThat(state()).isEqualTo("running");
    }

    @Test
    void waitsWhenTheOutputIsNotFoundRightAfterTheDeviceWasReset() {
        fx.open(CaptureOptions.defaults());
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_DEVICE_RESET));
        world.detach("\\\\.\\DISPLAY1"); // a driver restart: the outputs come back a little later
        for (int i = 0; i < 5; i++) {
            assertThat(fx.acquire()).isNull();
        }
        assertThat(state()).startsWith("waiting: output detached");
        world.reattach("\\\\.\\DISPLAY1");
        world.script.add(image(1, 1));
        try (Frame f = acquireWithin(5)) {
            assertThat(world.deviceCreations).isEqualTo(2);
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void recreatesTheDuplicationAfterAccessLostAndDeliversAFullyDirtyFrame() {
        fx.open(CaptureOptions.defaults());
        world.script.add(image(0, 0));
        fx.acquire().close();
        world.script.add(new FakeEvent.Fail(HResult.DXGI_ERROR_ACCESS_LOST));
        world.script.add(image(50, 50));
        world.clearCopies();
        try (Frame f = fx.acquire()) {
            assertThat(world.duplicationsCreated).isEqualTo(2);
            assertThat(dirty(f, 0)).isEqualTo("0,0,320,240");
            assertThat(world.copyResources).isEqualTo(1);
            fx.assertShowsDesktop(f);
        }
        assertThat(state()).isEqualTo("running");
    }

    @Test
    void followsAModeChangeToANewSizeWithOneNewStagingTexture() {
        fx.open(CaptureOptions.defaults().slots(2));
        world.script.add(image(0, 0));
        fx.acquire().close();
        world.script.add(new FakeEvent.ModeChange(200, 100));
        world.script.add(image(1, 1));
        try (Frame f = fx.acquire()) {
            assertThat(f.width()).isEqualTo(200);
            assertThat(f.height()).isEqualTo(100);
            assertThat(f.sizeChanged()).isTrue();
            assertThat(fx.capture.width()).isEqualTo(200);
            assertThat(dirty(f, 0)).isEqualTo("0,0,200,100");
            assertThat(world.texturesCreated).isEqualTo(2);
            fx.assertShowsDesktop(f);
        }
        world.script.add(image(3, 3));
        try (Frame f = fx.acquire()) {
            assertThat(f.sizeChanged()).isFalse();
            fx.assertShowsDesktop(f);
        }
    }

    @Test
    void waitsForTheDesktopWhenAccessIsDeniedAtOpen() {
        world.duplicateResults.add(HResult.E_ACCESSDENIED);
        world.duplicateResults.add(HResult.E_ACCESSDENIED);
        fx.open(CaptureOptions.defaults());
        assertThat(state()).startsWith("waiting: access denied");
        world.script.add(image(0, 0));
        try (Frame f = acquireWithin(5)) {
            fx.assertShowsDesktop(f);
        }
        assertThat(state()).isEqualTo("running");
    }

    @Test
    void failsAtOpenWhenDuplicationIsUnsupportedSayingWhatToDo() {
        world.duplicateResults.add(HResult.DXGI_ERROR_UNSUPPORTED);
        assertThatThrownBy(() -> fx.open(CaptureOptions.defaults())).isInstanceOf(CaptureException.class)
                .hasMessageContaining("DuplicateOutput1(output=\\\\.\\DISPLAY1) failed: hresult=0x887A0004")
                .hasMessageContaining("hybrid-GPU");
    }

    @Test
    void aSecondCaptureOfTheSameOutputSaysItIsAlreadyBeingDuplicated() {
        fx.open(CaptureOptions.defaults());
        assertThatThrownBy(() -> DxgiSource.open(CaptureOptions.defaults().source("dxgi"),
                new dev.deskdup.spi.SourceContext(3, world.clock, null), new FakeD3d.EntryPoints(world),
                DxgiRetryPolicy.DEFAULT))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("hresult=0x80070057 (E_INVALIDARG)")
                .hasMessageContaining("already being duplicated by this process");
    }
}
