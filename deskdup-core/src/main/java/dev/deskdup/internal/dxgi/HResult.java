package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;

/**
 * HRESULTs DXGI and D3D11 return, by name (winerror.h). Messages show the value in hex and its name, e.g.
 * {@code hresult=0x887A0026 (DXGI_ERROR_ACCESS_LOST)}.
 */
public final class HResult {

    private HResult() {
    }

    public static final int S_OK = 0;
    public static final int S_FALSE = 1;
    public static final int E_NOTIMPL = 0x80004001;
    public static final int E_NOINTERFACE = 0x80004002;
    public static final int E_POINTER = 0x80004003;
    public static final int E_FAIL = 0x80004005;
    public static final int E_ACCESSDENIED = 0x80070005;
    public static final int E_OUTOFMEMORY = 0x8007000E;
    public static final int E_INVALIDARG = 0x80070057;
    public static final int DXGI_ERROR_INVALID_CALL = 0x887A0001;
    public static final int DXGI_ERROR_NOT_FOUND = 0x887A0002;
    public static final int DXGI_ERROR_MORE_DATA = 0x887A0003;
    public static final int DXGI_ERROR_UNSUPPORTED = 0x887A0004;
    public static final int DXGI_ERROR_DEVICE_REMOVED = 0x887A0005;
    public static final int DXGI_ERROR_DEVICE_HUNG = 0x887A0006;
    public static final int DXGI_ERROR_DEVICE_RESET = 0x887A0007;
    public static final int DXGI_ERROR_WAS_STILL_DRAWING = 0x887A000A;
    public static final int DXGI_ERROR_DRIVER_INTERNAL_ERROR = 0x887A0020;
    public static final int DXGI_ERROR_NOT_CURRENTLY_AVAILABLE = 0x887A0022;
    public static final int DXGI_ERROR_ACCESS_LOST = 0x887A0026;
    public static final int DXGI_ERROR_WAIT_TIMEOUT = 0x887A0027;
    public static final int DXGI_ERROR_SESSION_DISCONNECTED = 0x887A0028;
    public static final int DXGI_ERROR_ACCESS_DENIED = 0x887A002B;

    public static boolean failed(int hr) {
        return hr < 0;
    }

    /** The symbolic name, or {@code "unknown"}; constant strings only, so it allocates nothing. */
    public static String name(int hr) {
        return switch (hr) {
            case S_OK -> "S_OK";
            case S_FALSE -> "S_FALSE";
            case E_NOTIMPL -> "E_NOTIMPL";
            case E_NOINTERFACE -> "E_NOINTERFACE";
            case E_POINTER -> "E_POINTER";
            case E_FAIL -> "E_FAIL";
            case E_ACCESSDENIED -> "E_ACCESSDENIED";
            case E_OUTOFMEMORY -> "E_OUTOFMEMORY";
            case E_INVALIDARG -> "E_INVALIDARG";
            case DXGI_ERROR_INVALID_CALL -> "DXGI_ERROR_INVALID_CALL";
            case DXGI_ERROR_NOT_FOUND -> "DXGI_ERROR_NOT_FOUND";
            case DXGI_ERROR_MORE_DATA -> "DXGI_ERROR_MORE_DATA";
            case DXGI_ERROR_UNSUPPORTED -> "DXGI_ERROR_UNSUPPORTED";
            case DXGI_ERROR_DEVICE_REMOVED -> "DXGI_ERROR_DEVICE_REMOVED";
            case DXGI_ERROR_DEVICE_HUNG -> "DXGI_ERROR_DEVICE_HUNG";
            case DXGI_ERROR_DEVICE_RESET -> "DXGI_ERROR_DEVICE_RESET";
            case DXGI_ERROR_WAS_STILL_DRAWING -> "DXGI_ERROR_WAS_STILL_DRAWING";
            case DXGI_ERROR_DRIVER_INTERNAL_ERROR -> "DXGI_ERROR_DRIVER_INTERNAL_ERROR";
            case DXGI_ERROR_NOT_CURRENTLY_AVAILABLE -> "DXGI_ERROR_NOT_CURRENTLY_AVAILABLE";
            case DXGI_ERROR_ACCESS_LOST -> "DXGI_ERROR_ACCESS_LOST";
            case DXGI_ERROR_WAIT_TIMEOUT -> "DXGI_ERROR_WAIT_TIMEOUT";
            case DXGI_ERROR_SESSION_DISCONNECTED -> "DXGI_ERROR_SESSION_DISCONNECTED";
            case DXGI_ERROR_ACCESS_DENIED -> "DXGI_ERROR_ACCESS_DENIED";
            default -> "unknown";
        };
    }

    /** {@code hresult=0x887A0026 (DXGI_ERROR_ACCESS_LOST)}. */
    public static String describe(int hr) {
        return String.format("hresult=0x%08X (%s)", hr, name(hr));
    }

    /** Whether the device is gone and must be re-created (driver update, TDR, GPU unplugged, driver fault). */
    public static boolean deviceLost(int hr) {
        return hr == DXGI_ERROR_DEVICE_REMOVED || hr == DXGI_ERROR_DEVICE_RESET || hr == DXGI_ERROR_DEVICE_HUNG
                || hr == DXGI_ERROR_DRIVER_INTERNAL_ERROR;
    }

    /** Throws a {@link Failure} naming the call unless {@code hr} succeeded. */
    public static void check(int hr, String call) {
        if (hr < 0) {
            throw new Failure(call, hr, hint(hr));
        }
    }

    static String hint(int hr) {
        return switch (hr) {
            case E_ACCESSDENIED, DXGI_ERROR_ACCESS_DENIED -> "the desktop is not accessible now (UAC prompt, lock "
                    + "screen, or a service without a desktop); run in the user's interactive session";
            case DXGI_ERROR_UNSUPPORTED -> "desktop duplication is unsupported on this adapter/output (e.g. a "
                    + "hybrid-GPU laptop: run java on the GPU that drives the display, or under Windows 8+)";
            case DXGI_ERROR_NOT_CURRENTLY_AVAILABLE -> "too many applications duplicate this output; close one";
            case DXGI_ERROR_SESSION_DISCONNECTED -> "the remote session is disconnected; reconnect";
            case DXGI_ERROR_DEVICE_REMOVED, DXGI_ERROR_DEVICE_RESET, DXGI_ERROR_DEVICE_HUNG,
                 DXGI_ERROR_DRIVER_INTERNAL_ERROR -> "the GPU was removed or reset (driver update or crash)";
            case DXGI_ERROR_ACCESS_LOST -> "the desktop switched or the mode changed";
            case E_NOTIMPL -> "desktop duplication needs Windows 8 or later";
            case E_OUTOFMEMORY -> "out of memory (system or video memory)";
            default -> "see the Windows error code reference";
        };
    }

    /** A failed COM call: names the call and the HRESULT. */
    public static final class Failure extends CaptureException {
        private final int hresult;

        Failure(String call, int hresult, String hint) {
            super(call + " failed: " + describe(hresult) + " (" + hint + ")");
            this.hresult = hresult;
        }

        public int hresult() {
            return hresult;
        }
    }
}
