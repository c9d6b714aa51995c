package dev.deskdup.cli;

/**
 * A command cannot do its work for a reason outside deskdup that the message fully explains (a missing tool, a
 * tool that lacks a feature): exit code 1 with that one line, no stack trace.
 */
public final class CommandFailedException extends RuntimeException {

    public CommandFailedException(String message) {
        super(message);
    }
}
