package dev.deskdup.internal.dxgi;

/**
 * Where a DXGI capture stands ({@code ScreenCapture.info().state()} shows it with the details). Every state but
 * {@link #RETRYING_ERROR} is an expected transition that Windows goes through (the desktop switched, the session
 * locked, the driver restarted, a monitor was unplugged): it is retried for as long as it lasts. Only unexpected
 * errors have a budget ({@link DxgiRetryPolicy#maxUnexpectedFailures()}), after which the capture fails.
 */
enum DxgiState {
    /** Duplicating: frames flow. */
    RUNNING("running"),
    /** ACCESS_LOST: desktop switch, mode change or a full-screen application; re-duplicating. */
    RECOVERING_ACCESS_LOST("recovering: access lost (desktop switch, mode change or a full-screen application)"),
    /** The desktop is not accessible (UAC prompt, lock screen, Ctrl+Alt+Del): waiting for it. */
    WAITING_ACCESS_DENIED("waiting: access denied (UAC prompt, lock screen or another secure desktop)"),
    /** The remote session is disconnected: waiting for a reconnect. */
    WAITING_SESSION_DISCONNECTED("waiting: the session is disconnected (reconnect it)"),
    /** DXGI's limit of concurrent duplications (four) is reached: waiting for another application to stop. */
    WAITING_NOT_AVAILABLE("waiting: too many applications duplicate this output (close one)"),
    /** DuplicateOutput said UNSUPPORTED mid-stream: a desktop switch or mode change is in progress. */
    WAITING_UNSUPPORTED("waiting: the current desktop mode cannot be duplicated (desktop switch or mode change)"),
    /** The GPU was removed or reset (driver update, TDR): re-creating the device. */
    RECOVERING_DEVICE_REMOVED("recovering: the GPU was removed or reset (driver update or crash)"),
    /** The output is not part of the desktop any more (unplugged, disabled, topology changed): waiting for it. */
    OUTPUT_DETACHED("waiting: output detached"),
    /** An unexpected error: retried within the budget. */
    RETRYING_ERROR("retrying after an unexpected error"),
    /** The budget for unexpected errors is spent, or the capture cannot go on (region, format); fill throws. */
    FAILED("failed");

    final String description;

    DxgiState(String description) {
        this.description = description;
    }
}
