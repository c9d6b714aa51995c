package dev.deskdup.internal.dbus;

/**
 * A file descriptor received in a message (type {@code h}). Whoever takes it from the message owns it and closes it
 * (with {@link #close()}, or by handing it to a library that takes ownership).
 */
public record UnixFd(int fd) {

    /** Closes the descriptor. */
    public void close() {
        SocketCalls.close(fd);
    }
}
