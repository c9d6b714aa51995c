package dev.deskdup.internal.pipewire;

/** Names for the negative errno values PipeWire functions return. */
final class Errno {

    private Errno() {
    }

    static String describe(int errno) {
        String name = switch (errno) {
            case 1 -> "EPERM";
            case 2 -> "ENOENT";
            case 5 -> "EIO";
            case 9 -> "EBADF";
            case 11 -> "EAGAIN";
            case 12 -> "ENOMEM";
            case 16 -> "EBUSY";
            case 22 -> "EINVAL";
            case 32 -> "EPIPE";
            case 95 -> "ENOTSUP";
            case 104 -> "ECONNRESET";
            case 107 -> "ENOTCONN";
            case 111 -> "ECONNREFUSED";
            default -> "errno";
        };
        return "errno=" + errno + " (" + name + ")";
    }
}
