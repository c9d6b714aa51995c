package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;

/** The X server refused a request; carries the X error code so that callers can recover from the ones they expect. */
public final class XRequestException extends CaptureException {

    /** A request's parameters do not fit, e.g. a ShmGetImage rectangle outside a root window that just shrank. */
    public static final int BAD_MATCH = 8;

    private final int errorCode;

    XRequestException(String message, int errorCode) {
        super(message);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
