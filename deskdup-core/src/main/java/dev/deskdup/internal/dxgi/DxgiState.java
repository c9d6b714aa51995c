package dev.deskdup.internal.dxgi;

/** Where a DXGI capture stands; see {@link DxgiSource#state()}. */
public enum DxgiState {
    /** Duplicating: frames flow. */
    RUNNING,
    /** The duplication was lost (desktop switch, mode change, full-screen app): re-creating it with backoff. */
    RECOVERING_ACCESS_LOST,
    /** The desktop is not accessible (UAC prompt, lock screen, Ctrl+Alt+Del): retrying with backoff. */
    WAITING_ACCESS_DENIED,
    /** The GPU was removed or reset: re-creating the device. */
    RECOVERING_DEVICE_REMOVED,
    /** Retries exhausted or the output is gone; fill throws. */
    FAILED,
    CLOSED
}
