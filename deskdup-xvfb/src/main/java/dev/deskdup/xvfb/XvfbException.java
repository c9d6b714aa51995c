package dev.deskdup.xvfb;

/** A private X server could not be started or used; the message says why and what to do. */
public class XvfbException extends RuntimeException {

    public XvfbException(String message) {
        super(message);
    }

    public XvfbException(String message, Throwable cause) {
        super(message, cause);
    }
}
