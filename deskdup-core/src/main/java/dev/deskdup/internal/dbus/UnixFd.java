package dev.deskdup.internal.dbus;

/**
 * A file descriptor received in a message (type {@code h}). Whoever takes it from the message owns it and closes it.
 */
public record UnixFd(int fd) {
}
