package dev.deskdup;

/**
 * A shared ring ended under its reader: its producer closed it, failed, or died (killed, or its heartbeat stopped).
 * Thrown by {@link RingReader#acquire} within a second of the end, never a hang.
 */
public final class RingClosedException extends CaptureException {

    private final boolean producerDied;

    public RingClosedException(String message, boolean producerDied) {
        super(message);
        this.producerDied = producerDied;
    }

    /** True when the producer did not end normally (killed, hung, or its capture failed). */
    public boolean producerDied() {
        return producerDied;
    }
}
