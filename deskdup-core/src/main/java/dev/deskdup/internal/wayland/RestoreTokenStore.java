package dev.deskdup.internal.wayland;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;

/**
 * The portal's restore token (ScreenCast version 4+, {@code persist_mode=2}): kept so that the user is asked once,
 * not at every start. One token, in {@code $XDG_STATE_HOME/deskdup/portal-restore-token} (default
 * {@code ~/.local/state/deskdup/}), the directory 0700 and the file 0600: the token lets whoever holds it capture
 * the screen without asking.
 *
 * <p>The portal hands out a new token at every Start (the old one is then spent), so the file is replaced
 * atomically each time.
 */
public final class RestoreTokenStore {

    static final String FILE_NAME = "portal-restore-token";
    private static final int MAX_LENGTH = 4096;

    private final Path file;

    RestoreTokenStore(Path file) {
        this.file = file;
    }

    /** The store of this user: {@code $XDG_STATE_HOME/deskdup/} or {@code ~/.local/state/deskdup/}. */
    /** The store for the environment {@code env}. */
    public static RestoreTokenStore forEnvironment(Function<String, String> env) {
        return new RestoreTokenStore(directory(env).resolve(FILE_NAME));
    }

    public static RestoreTokenStore forUser() {
        return new RestoreTokenStore(directory(System::getenv).resolve(FILE_NAME));
    }

    static Path directory(Function<String, String> env) {
        String state = env.apply("XDG_STATE_HOME");
        if (state != null && !state.isBlank() && Path.of(state).isAbsolute()) {
            return Path.of(state, "deskdup");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "deskdup");
    }

    public Path file() {
        return file;
    }

    /** The stored token, or null when there is none (or it is unreadable: then the user is simply asked again). */
    public String load() {
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            String t = Files.readString(file, StandardCharsets.UTF_8).strip();
            return t.isEmpty() || t.length() > MAX_LENGTH ? null : t;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Replaces the stored token (null or empty: removes it).
     *
     * @throws IOException when the directory or file cannot be written
     */
    public void save(String token) throws IOException {
        if (token == null || token.isBlank()) {
            forget();
            return;
        }
        Path dir = file.getParent();
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // there already
        }
        Path temp = Files.createTempFile(dir, FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, token, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Removes the stored token: the next capture asks the user again.
     *
     * @return whether there was one
     */
    public boolean forget() throws IOException {
        return Files.deleteIfExists(file);
    }
}
