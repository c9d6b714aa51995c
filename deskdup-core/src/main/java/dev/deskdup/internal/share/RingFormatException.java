package dev.deskdup.internal.share;

import dev.deskdup.CaptureException;

/** A ring file that this code cannot read: not a ring, another major version, inconsistent lengths. */
public final class RingFormatException extends CaptureException {

    public RingFormatException(String message) {
        super(message);
    }
}
