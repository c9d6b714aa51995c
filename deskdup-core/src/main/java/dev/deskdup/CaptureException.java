package dev.deskdup;

/**
 * The screen could not be captured: the display is unreachable, it died, an extension is missing, the OS refused.
 * The message names what failed ({@code name=value}) and what to do about it.
 */
public class CaptureException extends RuntimeException {

    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
