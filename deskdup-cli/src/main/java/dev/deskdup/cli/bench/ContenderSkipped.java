package dev.deskdup.cli.bench;

/** Thrown by a contender that cannot run on this machine or display; the message is the reason reported. */
final class ContenderSkipped extends Exception {

    ContenderSkipped(String reason) {
        super(reason, null, false, false);
    }

    ContenderSkipped(String reason, Throwable cause) {
        super(reason + (cause != null && cause.getMessage() != null ? ": " + cause.getMessage() : ""), cause,
                false, false);
    }
}
