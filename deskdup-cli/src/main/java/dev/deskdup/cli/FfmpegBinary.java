package dev.deskdup.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The ffmpeg program: where it is, and what it can do (its encoders and protocols), asked before it is needed. */
final class FfmpegBinary {

    private FfmpegBinary() {
    }

    /**
     * Finds ffmpeg: {@code explicit} when given, else on {@code $PATH}.
     *
     * @throws CommandFailedException saying what to install or pass, when there is none (exit code 1)
     */
    static Path locate(String explicit) {
        if (explicit != null) {
            Path p = Path.of(explicit);
            if (!Files.isExecutable(p)) {
                throw new IllegalArgumentException("ffmpeg=" + explicit + " is not an executable file (give the path "
                        + "of ffmpeg, or leave --ffmpeg out to use the one on PATH)");
            }
            return p;
        }
        String exe = FfmpegProcess.isWindows() ? "ffmpeg.exe" : "ffmpeg";
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                return Path.of(dir, exe);
            }
        }
        throw new CommandFailedException("ffmpeg was not found on PATH: record and --publish encode through it "
                + "(install it, e.g. apt-get install ffmpeg, or give its path with --ffmpeg PATH)");
    }

    /** Names of the protocols this ffmpeg can write ({@code ffmpeg -protocols}, output side). */
    static List<String> outputProtocols(Path ffmpeg) throws IOException {
        List<String> names = new ArrayList<>();
        boolean output = false;
        for (String line : run(ffmpeg, "-hide_banner", "-protocols").split("\n")) {
            String t = line.trim();
            if (t.equals("Output:")) {
                output = true;
            } else if (t.equals("Input:")) {
                output = false;
            } else if (output && !t.isEmpty() && !t.contains(":")) {
                names.add(t);
            }
        }
        return names;
    }

    /** Names of this ffmpeg's encoders ({@code ffmpeg -encoders}). */
    static List<String> encoders(Path ffmpeg) throws IOException {
        List<String> names = new ArrayList<>();
        boolean table = false;
        for (String line : run(ffmpeg, "-hide_banner", "-encoders").split("\n")) {
            String t = line.trim();
            if (t.startsWith("------")) {
                table = true;
            } else if (table) {
                String[] f = t.split("\\s+");
                if (f.length >= 2) {
                    names.add(f[1]);
                }
            }
        }
        return names;
    }

    private static String run(Path ffmpeg, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ffmpeg.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

}
