package dev.deskdup.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;

/**
 * The process's file descriptor 1, checked and never closed.
 *
 * <p>When deskdup is started with fd 1 closed ({@code deskdup stream >&-}), the JVM's own first open (its module
 * image) takes fd 1. Writing "stdout" then fails, and closing a {@code FileOutputStream(FileDescriptor.out)} makes
 * the JDK {@code dup2} /dev/null over fd 1, under the module image: the JVM crashes (SIGSEGV, no message). So
 * {@link #checkOpenForWriting()} runs before anything else, and {@link #channel()} never closes the descriptor.
 */
final class Stdout {

    /** {@code int fcntl(int fd, int cmd, ...)}, variadic: called with one int after cmd. Null where libc has none. */
    private static final MethodHandle FCNTL = fcntl();

    private static final int F_GETFL = 3;
    private static final int O_ACCMODE = 3;
    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;

    private Stdout() {
    }

    /**
     * Whether fd 1 is open for writing, by {@code fcntl(1, F_GETFL)}: empty when that cannot be asked (no fcntl, as
     * on Windows), else the answer.
     */
    static Optional<Boolean> isOpenForWriting() {
        if (FCNTL == null) {
            return Optional.empty();
        }
        int flags;
        try {
            flags = (int) FCNTL.invokeExact(1, F_GETFL, 0);
        } catch (Throwable t) {
            return Optional.empty();
        }
        if (flags == -1) {
            return Optional.of(false);   // EBADF: not open at all
        }
        int access = flags & O_ACCMODE;
        return Optional.of(access == O_WRONLY || access == O_RDWR);   // read-only: some file of the JVM's took fd 1
    }

    /**
     * Fails with "stdout is closed" unless fd 1 is open for writing.
     *
     * @throws IllegalStateException naming the problem and what to do
     */
    static void checkOpenForWriting() {
        if (!isOpenForWriting().orElse(true)) {
            throw new IllegalStateException("stdout is closed (file descriptor 1 is not open for writing): give "
                    + "deskdup a stdout, e.g. >/dev/null or > FILE, not >&-");
        }
    }

    /** A channel writing fd 1 directly (no PrintStream buffer); closing it leaves fd 1 open. */
    static WritableByteChannel channel() {
        return new NonClosing(new FileOutputStream(FileDescriptor.out).getChannel());
    }

    /** Writes through to fd 1's channel; {@code close()} only stops this wrapper. */
    private static final class NonClosing implements WritableByteChannel {
        private final FileChannel fd1;
        private volatile boolean open = true;

        NonClosing(FileChannel fd1) {
            this.fd1 = fd1;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (!open) {
                throw new ClosedChannelException();
            }
            return fd1.write(src);
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;   // never fd1.close(): that would dup2 /dev/null over whatever fd 1 is
        }
    }

    private static MethodHandle fcntl() {
        try {
            Linker linker = Linker.nativeLinker();
            Optional<MemorySegment> symbol = linker.defaultLookup().find("fcntl");
            if (symbol.isEmpty()) {
                return null;
            }
            return linker.downcallHandle(symbol.get(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                            ValueLayout.JAVA_INT),
                    Linker.Option.firstVariadicArg(2));
        } catch (RuntimeException e) {
            return null;   // no native access or an unknown platform: the check is skipped, not the command
        }
    }
}
