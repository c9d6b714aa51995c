package dev.deskdup.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file the user named without ever deleting or replacing anything but a regular file, and without ever
 * leaving a half-written file under that name.
 *
 * <p>The path must be a new name in an existing directory or an existing regular file (a symbolic link is followed
 * and the rule applies to what it points at; the link itself stays). Anything else (a directory, a device, a FIFO,
 * a socket, a dangling link) is refused as bad input before anything is captured, naming what it is. The data goes
 * into a temporary file {@code .NAME.XXXXXXXX.part.EXT} in the same directory, created exclusively (never through a
 * link); {@link #commit()} flushes it to disk and renames it over the target in one step, so a reader sees either
 * the old file or the whole new one. Closing without a commit deletes the temporary file: a failed write leaves the
 * target as it was. The replaced file's permissions are kept.
 *
 * <p>For raw streams ({@code stream --out}), FIFOs and character devices ({@code /dev/null}, a named pipe to a
 * reader) may be allowed: they are written in place, as a stream, since writing into them replaces nothing.
 */
public final class SafeOutputFile implements AutoCloseable {

    /** How a user-named output path is written. */
    public enum Kind {
        /** A new path, or a regular file that will be replaced by the rename. */
        FILE,
        /** A FIFO or character device, opened and written in place (only where streams are allowed). */
        STREAM
    }

    private final String option;
    private final Path target;
    private final Path temporary;
    private final Kind kind;
    private FileChannel channel;
    private boolean committed;
    private boolean closed;

    private SafeOutputFile(String option, Path target, Path temporary, Kind kind) {
        this.option = option;
        this.target = target;
        this.temporary = temporary;
        this.kind = kind;
    }

    /**
     * Checks that {@code path} may be written, before any work is done.
     *
     * @param option       how the user gave the path, for messages, e.g. {@code "FILE"} or {@code "out"}
     * @param allowStreams whether a FIFO or character device is written in place instead of being refused
     * @return what the path is
     * @throws IllegalArgumentException (a usage error, exit 2) when the path is neither a regular file nor a new path
     *                                  in an existing directory (nor an allowed stream), naming what it is
     */
    public static Kind check(String option, Path path, boolean allowStreams) {
        Path resolved = resolve(option, path);
        BasicFileAttributes attributes = attributes(resolved);
        if (attributes == null && !resolved.equals(path)) {
            throw new IllegalArgumentException(option + "=" + path + " is a symbolic link to " + resolved + ", which "
                    + "does not exist: deskdup does not create files through dangling links (choose another path)");
        }
        if (attributes == null || attributes.isRegularFile()) {
            Path parent = resolved.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new IllegalArgumentException(option + "=" + path + ": directory " + parent + " does not exist "
                        + "(create it, or choose another path)");
            }
            return Kind.FILE;
        }
        String what = describe(resolved, attributes);
        if (allowStreams && (what.equals("a FIFO") || what.equals("a character device"))) {
            return Kind.STREAM;
        }
        throw new IllegalArgumentException(option + "=" + path + (resolved.equals(path) ? "" : " (-> " + resolved + ")")
                + " is " + what + ", not a regular file: deskdup writes only regular files or new paths and never "
                + "replaces anything else (choose a file name" + (what.equals("a directory") ? " inside it" : "")
                + ")");
    }

    /**
     * Checks the path as {@link #check} does and makes the file to write: a fresh temporary file beside the target
     * (or, for an allowed stream, the target itself).
     *
     * @param suffix the temporary file's ending; null keeps the target's extension (so a tool that picks a format by
     *               the name, as ffmpeg does, picks the same one)
     * @throws IOException when the directory is not writable
     */
    public static SafeOutputFile create(String option, Path path, boolean allowStreams) throws IOException {
        Kind kind = check(option, path, allowStreams);
        Path target = resolve(option, path);
        if (kind == Kind.STREAM) {
            return new SafeOutputFile(option, target, target, kind);
        }
        Path dir = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 ? name.substring(dot) : "";
        Set<PosixFilePermission> keep = existingPermissions(target);
        for (int attempt = 0; ; attempt++) {
            Path temporary = dir.resolve("." + name + "." + String.format(Locale.ROOT, "%08x",
                    ThreadLocalRandom.current().nextInt()) + ".part" + extension);
            try {
                // CREATE_NEW is O_EXCL: never through a link, never over another file. Permissions as any new file
                // the user makes (umask), or those of the file it replaces.
                Files.newByteChannel(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                if (keep != null) {
                    Files.setPosixFilePermissions(temporary, keep);
                }
                return new SafeOutputFile(option, target, temporary, kind);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            } catch (IOException e) {
                throw new IOException("cannot write " + option + "=" + path + ": cannot create a file in " + dir
                        + ": " + reason(e) + " (check that the directory is writable)", e);
            }
        }
    }

    /** What the path is; for files, the target the rename will replace (symbolic links followed). */
    public Path target() {
        return target;
    }

    /** Where the data goes until {@link #commit()}: the temporary file (or the stream itself). */
    public Path path() {
        return temporary;
    }

    public Kind kind() {
        return kind;
    }

    /** A channel writing {@link #path()}, opened once. */
    public FileChannel channel() throws IOException {
        if (channel == null) {
            channel = kind == Kind.STREAM
                    ? FileChannel.open(temporary, StandardOpenOption.WRITE)
                    : FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }
        return channel;
    }

    /** An output stream over {@link #channel()}; closing it does not commit. */
    public OutputStream outputStream() throws IOException {
        FileChannel ch = channel();
        return new java.io.FilterOutputStream(Channels.newOutputStream(ch)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);   // not FilterOutputStream's byte-at-a-time loop
            }

            @Override
            public void close() throws IOException {
                flush();   // the channel stays open until commit or close
            }
        };
    }

    /** Cuts the written data to {@code length} bytes (e.g. to whole frames after a failed write). Files only. */
    public void truncate(long length) throws IOException {
        if (kind == Kind.FILE) {
            channel().truncate(length);
        }
    }

    /** Bytes in the file so far (0 for a stream). */
    public long size() {
        if (kind == Kind.STREAM) {
            return 0;
        }
        try {
            return Files.size(temporary);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Flushes the data to disk and renames the temporary file over the target in one step. For a stream, only
     * closes it.
     *
     * @throws IOException when the data cannot be flushed (e.g. the disk is full) or the rename fails; the target is
     *                     then as it was and the temporary file is deleted on {@link #close()}
     */
    public void commit() throws IOException {
        if (closed || committed) {
            throw new IllegalStateException(option + "=" + target + " is already " + (committed ? "committed" : "closed"));
        }
        if (kind == Kind.STREAM) {
            committed = true;
            close();
            return;
        }
        try {
            if (channel == null) {
                channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
            }
            channel.force(true);
            channel.close();
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = true;
        } catch (IOException e) {
            throw new IOException("cannot write " + option + "=" + target + ": " + reason(e), e);
        }
    }

    /** Without a {@link #commit()}: deletes the temporary file, leaving the target as it was. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // nothing was committed; the file goes anyway
        }
        if (!committed && kind == Kind.FILE) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // our own temporary file; if even that fails there is nothing better to do
            }
        }
    }

    /** What writes the data of a whole file at once. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a whole file in one step: {@link #create}, {@code content}, {@link #commit()}; on any failure the target
     * stays as it was and the message names it.
     */
    public static void write(String option, Path path, Content content) throws IOException {
        try (SafeOutputFile file = create(option, path, false)) {
            try (OutputStream out = file.outputStream()) {
                content.writeTo(out);
            } catch (IOException e) {
                throw new IOException("cannot write " + option + "=" + path + ": " + rootReason(e)
                        + " (nothing was replaced)", e);
            }
            file.commit();
        }
    }

    /** The innermost IOException's reason: ImageIO and others wrap the stream's (e.g. "No space left on device"). */
    static String rootReason(IOException e) {
        Throwable t = e;
        while (t.getCause() instanceof IOException cause) {
            t = cause;
        }
        return t instanceof IOException io ? reason(io) : String.valueOf(t.getMessage());
    }

    /** The path with its symbolic links followed, as far as they lead. */
    private static Path resolve(String option, Path path) {
        Path p = path;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops > 40) {
                throw new IllegalArgumentException(option + "=" + path + " is a loop of symbolic links");
            }
            try {
                Path link = Files.readSymbolicLink(p);
                Path parent = p.toAbsolutePath().getParent();
                p = parent == null ? link : parent.resolve(link).normalize();
            } catch (IOException e) {
                throw new IllegalArgumentException(option + "=" + path + " is a symbolic link that cannot be read: "
                        + reason(e));
            }
        }
        return p;
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;   // unreadable: the write will say why
        }
    }

    private static String describe(Path p, BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        if (Files.isSymbolicLink(p)) {
            return "a symbolic link";
        }
        try {
            Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (mode instanceof Integer m) {
                return switch (m & 0170000) {
                    case 0010000 -> "a FIFO";
                    case 0020000 -> "a character device";
                    case 0060000 -> "a block device";
                    case 0140000 -> "a socket";
                    default -> "not a regular file";
                };
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException ignored) {
            // no unix view (Windows): say what we know
        }
        return "a special file";
    }

    private static Set<PosixFilePermission> existingPermissions(Path target) {
        try {
            return Files.readAttributes(target, PosixFileAttributes.class).permissions();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** An IOException's reason in a few words: NIO puts the path in the message and the reason in the reason. */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
