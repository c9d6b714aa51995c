package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;
import dev.deskdup.spi.NanoClock;

/**
 * The recovery state machine of a DXGI capture: which failure means what (the expected transitions of Microsoft's
 * DesktopDuplication sample — {@code CreateDuplicationExpectedErrors}, {@code FrameInfoExpectedErrors},
 * {@code EnumOutputsExpectedErrors} — plus what {@code GetDeviceRemovedReason} says), when the next attempt is due,
 * and the budget for unexpected errors. No COM here: {@link DxgiSource} makes the attempts. Written on the filling
 * thread; {@link #state()} and {@link #description()} are read from any.
 */
final class DxgiRecovery {

    private final DxgiRetryPolicy policy;
    private final NanoClock clock;

    private volatile DxgiState state = DxgiState.RUNNING;
    private volatile String description = DxgiState.RUNNING.description;
    private CaptureException failure;
    /** Recovery attempts since the last delivered frame. */
    private int attempts;
    /** Unexpected errors since the last delivered frame. */
    private int unexpected;
    private long nextAttemptNanos;
    private int lastError;
    /** The device must be re-created before the next duplication (removed, reset, hung, driver error). */
    private boolean needsDevice;
    /** The output must be found again by name on a new factory (topology changed, detached, failed attempt). */
    private boolean needsRebind;

    DxgiRecovery(DxgiRetryPolicy policy, NanoClock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    DxgiState state() {
        return state;
    }

    String description() {
        return description;
    }

    boolean running() {
        return state == DxgiState.RUNNING;
    }

    int lastError() {
        return lastError;
    }

    boolean needsDevice() {
        return needsDevice;
    }

    boolean needsRebind() {
        return needsRebind;
    }

    long nextAttemptNanos() {
        return nextAttemptNanos;
    }

    /** Throws the failure when the capture failed for good. */
    void checkNotFailed() {
        if (state == DxgiState.FAILED) {
            throw failure;
        }
    }

    /** The expected transition {@code hr} means, or null when it is not one. */
    static DxgiState classify(int hr) {
        return switch (hr) {
            case HResult.DXGI_ERROR_ACCESS_LOST -> DxgiState.RECOVERING_ACCESS_LOST;
            case HResult.E_ACCESSDENIED, HResult.DXGI_ERROR_ACCESS_DENIED -> DxgiState.WAITING_ACCESS_DENIED;
            case HResult.DXGI_ERROR_SESSION_DISCONNECTED -> DxgiState.WAITING_SESSION_DISCONNECTED;
            case HResult.DXGI_ERROR_NOT_CURRENTLY_AVAILABLE -> DxgiState.WAITING_NOT_AVAILABLE;
            case HResult.DXGI_ERROR_UNSUPPORTED -> DxgiState.WAITING_UNSUPPORTED;
            case HResult.DXGI_ERROR_NOT_FOUND -> DxgiState.OUTPUT_DETACHED;
            case HResult.DXGI_ERROR_DEVICE_REMOVED, HResult.DXGI_ERROR_DEVICE_RESET, HResult.DXGI_ERROR_DEVICE_HUNG,
                 HResult.DXGI_ERROR_DRIVER_INTERNAL_ERROR -> DxgiState.RECOVERING_DEVICE_REMOVED;
            default -> null;
        };
    }

    /**
     * A call failed with {@code hr}: enter the matching state and schedule the next attempt, or fail for good when
     * the budget for unexpected errors is spent.
     *
     * @param removedReason what {@code GetDeviceRemovedReason} answered (S_OK: the device is fine)
     * @param detail        what to add to the state (the output's name; for a detached output, what is there)
     * @throws CaptureException when the capture cannot go on
     */
    void lost(int hr, String call, int removedReason, String detail) {
        DxgiState next = classify(hr);
        int recorded = hr;
        if (next == null && HResult.failed(removedReason)) {
            next = DxgiState.RECOVERING_DEVICE_REMOVED; // the real cause behind e.g. E_INVALIDARG or E_FAIL
            recorded = removedReason;
        }
        if (next == null) {
            unexpected++;
            next = DxgiState.RETRYING_ERROR;
            if (unexpected > policy.maxUnexpectedFailures()) {
                fail(new HResult.Failure("DXGI capture of " + detail + ": " + call + " (after " + unexpected
                        + " unexpected errors in a row since the last frame)", hr, hintFor(hr, call)
                        + "; open the capture again"));
            }
        }
        if (next == DxgiState.RECOVERING_DEVICE_REMOVED) {
            needsDevice = true;
        } else if (next == DxgiState.OUTPUT_DETACHED) {
            needsRebind = true;
        }
        if (needsDevice && next != DxgiState.OUTPUT_DETACHED) {
            next = DxgiState.RECOVERING_DEVICE_REMOVED; // a pending device re-creation is not downgraded
        }
        lastError = recorded;
        long wait = policy.backoffNanos(attempts + 1);
        nextAttemptNanos = clock.nanoTime() + wait;
        state = next;
        description = next.description + (next == DxgiState.OUTPUT_DETACHED ? ": " : "; ") + detail + ", attempt "
                + (attempts + 1) + " in " + wait / 1_000_000 + " ms, last " + HResult.describe(recorded) + " from "
                + call;
    }

    /** An attempt starts now. */
    void attempting() {
        attempts++;
        needsRebind = needsRebind || attempts > 1; // a retry looks for the output again on a fresh factory
    }

    /** The device was re-created. */
    void deviceRecreated() {
        needsDevice = false;
        needsRebind = false;
    }

    /** The output was bound again on a fresh factory. */
    void rebound() {
        needsRebind = false;
    }

    /** Duplicating again (the budget and the backoff are reset only once a frame is delivered). */
    void recovered() {
        state = DxgiState.RUNNING;
        description = DxgiState.RUNNING.description;
    }

    /** A frame was delivered: the next loss starts over with an immediate attempt. */
    void delivered() {
        attempts = 0;
        unexpected = 0;
    }

    /** The capture cannot go on: remembered, and thrown now and by every later fill. */
    CaptureException fail(CaptureException e) {
        failure = e;
        state = DxgiState.FAILED;
        description = DxgiState.FAILED.description + ": " + e.getMessage();
        throw e;
    }

    /** What to do about {@code hr} from {@code call}, more precise than the generic hint where the call tells. */
    static String hintFor(int hr, String call) {
        if (hr == HResult.E_INVALIDARG && call.contains("DuplicateOutput")) {
            return "this output is already being duplicated by this process (close the other capture of it), or "
                    + "the device was made on another adapter than the output's";
        }
        return HResult.hint(hr);
    }
}
