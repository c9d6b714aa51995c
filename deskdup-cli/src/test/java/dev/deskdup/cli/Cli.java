package dev.deskdup.cli;

import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs deskdup in-process (fast) or as a child JVM (for pipes and signals), and draws on X displays. */
final class Cli {

    /** What a run left behind: exit code, text on stdout and stderr, and the binary bytes written to stdout. */
    record Result(int exitCode, String out, String err, byte[] stdoutBytes) {
    }

    private Cli() {
    }

    /** Runs in-process on this thread, frames going to {@code stdout}; returns the exit code. */
    static int run(WritableByteChannel stdout, String... args) {
        StringWriter text = new StringWriter();
        return DeskdupCommand.commandLine(new PrintWriter(text, true), new PrintWriter(text, true), () -> stdout)
                .execute(args);
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        int code = DeskdupCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                () -> Channels.newChannel(binary)).execute(args);
        return new Result(code, out.toString(), err.toString(), binary.toByteArray());
    }

    /** The java command line that runs the CLI in a child JVM, from this test's classpath. */
    static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** Runs a bash script in which the function {@code deskdup} runs the CLI in a child JVM. */
    static Result bash(String script, Map<String, String> env) throws IOException, InterruptedException {
        StringBuilder deskdup = new StringBuilder("deskdup() { ");
        for (String part : javaCommand()) {
            deskdup.append('\'').append(part.replace("'", "'\\''")).append("' ");
        }
        deskdup.append("\"$@\"; }\n");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", deskdup + script);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Path errFile = Files.createTempFile("deskdup-err", ".txt");
        try {
            pb.redirectError(errFile.toFile());
            Process p = pb.start();
            byte[] stdout = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("script did not end within 60 s: " + script);
            }
            return new Result(p.exitValue(), new String(stdout, StandardCharsets.UTF_8),
                    Files.readString(errFile), stdout);
        } finally {
            Files.deleteIfExists(errFile);
        }
    }

    /** Runs {@code xrandr} against {@code display} (e.g. {@code --setmonitor} to add a monitor), failing on error. */
    static void xrandr(VirtualDisplay display, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("xrandr"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(display.clientEnvironment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError(command + " failed on display=" + display.display() + ": " + out);
        }
    }

    /** Paints a rectangle of {@code display} one solid colour ({@code 0xRRGGBB}) and waits until the server did. */
    static void paint(VirtualDisplay display, int x, int y, int width, int height, int rgb) {
        try (X11Painter painter = display.painter()) {
            painter.fillRect(x, y, width, height, rgb);
            painter.sync();
        }
    }
}
