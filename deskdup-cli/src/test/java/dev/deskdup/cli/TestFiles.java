package dev.deskdup.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a command left in a test's directory: its files, and the temporary {@code .part} file it is writing. */
final class TestFiles {

    private TestFiles() {
    }

    /** Every entry of {@code dir}. */
    static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    /** Size of the temporary file a running command writes in {@code dir} (0 when there is none yet). */
    static long partSize(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().contains(".part")).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (Exception e) {
                    return 0;   // renamed or removed meanwhile
                }
            }).sum();
        }
    }
}
