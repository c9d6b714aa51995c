package dev.deskdup.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * An ffmpeg child process that reads raw frames from us and encodes them: for {@code record}, {@code --publish}, and
 * any sink that hands frames to ffmpeg.
 *
 * <p><b>Input.</b> On Linux and macOS the frames go through a unix-domain socket in a private (0700) directory that
 * ffmpeg connects to ({@code -i unix:PATH}): a {@link SocketChannel} writes straight from the frame's memory, no
 * copy in Java (a pipe to ffmpeg's stdin is an {@code OutputStream}, which copies every byte into a heap array
 * first). Elsewhere (Windows' ffmpeg has no unix protocol) they go to its stdin.
 *
 * <p><b>Signals.</b> ffmpeg runs in its own session ({@code setsid}, where there is one), so the terminal's Ctrl-C
 * reaches only deskdup, which then ends the input; ffmpeg finishes the file (its index, the last frames) and exits.
 * Were ffmpeg to get the Ctrl-C too, it would stop mid-stream on its own.
 *
 * <p><b>Reports.</b> ffmpeg's progress ({@code -progress pipe:1}: frames, bytes written) is read on a daemon thread
 * into {@link #progress()}; its stderr is kept as the last lines, for the error message when it fails.
 */
final class FfmpegProcess implements AutoCloseable {

    /** Lines of ffmpeg's stderr kept for error messages. */
    private static final int TAIL_LINES = 12;

    /** What ffmpeg last reported, updated twice a second. */
    record Progress(long frames, long totalBytes, long droppedFrames, String speed) {
        static final Progress NONE = new Progress(0, 0, 0, "");
    }

    private final Process process;
    private final Path socketDir;
    private final ServerSocketChannel server;
    private final WritableByteChannel input;
    /** The last lines of ffmpeg's stderr (filled by the reader thread; guarded by itself). */
    private final Deque<String> stderrTail;
    private final Thread stderrReader;
    private volatile Progress progress = Progress.NONE;

    private FfmpegProcess(Process process, Path socketDir, ServerSocketChannel server, WritableByteChannel input,
                          Deque<String> stderrTail, Thread stderrReader) {
        this.process = process;
        this.socketDir = socketDir;
        this.server = server;
        this.input = input;
        this.stderrTail = stderrTail;
        this.stderrReader = stderrReader;
    }

    /**
     * Starts ffmpeg reading frames from us.
     *
     * @param inputOptions  what the frames are, before its {@code -i} (e.g. {@code -f rawvideo -pix_fmt yuv420p ...})
     * @param outputOptions everything after the input: codec, options, the output
     * @param redact        applied to ffmpeg's messages before they are kept (hides credentials in a URL)
     * @param connectTimeout how long ffmpeg may take to open its input
     * @throws IOException when ffmpeg cannot be started, or ends before opening its input (its messages say why)
     */
    static FfmpegProcess start(Path ffmpeg, List<String> inputOptions, List<String> outputOptions,
                               UnaryOperator<String> redact, Duration connectTimeout) throws IOException {
        boolean socket = !isWindows();
        Path dir = null;
        ServerSocketChannel server = null;
        List<String> command = new ArrayList<>();
        Path setsid = setsid();
        if (setsid != null) {
            command.add(setsid.toString());
        }
        command.addAll(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-loglevel", "warning", "-nostats",
                "-progress", "pipe:1", "-stats_period", "0.5"));
        command.addAll(inputOptions);
        try {
            if (socket) {
                dir = Files.createTempDirectory("deskdup-ffmpeg-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Path path = dir.resolve("frames.sock");
                server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(path));
                server.configureBlocking(false);
                command.addAll(List.of("-i", "unix:" + path));
            } else {
                command.addAll(List.of("-i", "pipe:0"));
            }
            command.addAll(outputOptions);
            ProcessBuilder pb = new ProcessBuilder(command);
            if (socket) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process process = pb.start();
            Deque<String> tail = new ArrayDeque<>();
            Thread stderr = daemon("deskdup-ffmpeg-stderr", () -> keepTail(process.getErrorStream(), tail, redact));
            WritableByteChannel in;
            try {
                in = socket ? accept(server, process, connectTimeout) : Channels.newChannel(process.getOutputStream());
            } catch (IOException e) {
                process.destroyForcibly();
                stderr.join(2000);
                throw new IOException(e.getMessage() + describeTail(tail), e);
            }
            FfmpegProcess ffmpegProcess = new FfmpegProcess(process, dir, server, in, tail, stderr);
            daemon("deskdup-ffmpeg-progress", () -> ffmpegProcess.readProgress(process.getInputStream()));
            return ffmpegProcess;
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            deleteQuietly(dir);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(server);
            deleteQuietly(dir);
            throw new IOException("interrupted while starting ffmpeg", e);
        }
    }

    /** Where frames go: write whole frames; closing it (or {@link #finish}) is the end of the input. */
    WritableByteChannel input() {
        return input;
    }

    Progress progress() {
        return progress;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * Ends the input and waits for ffmpeg to finish the output (flush the encoder, write the file's index).
     *
     * @return ffmpeg's exit code, or -1 when it did not end within {@code timeout} (it is then killed)
     */
    int finish(Duration timeout) {
        closeQuietly(input);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return -1;
            }
            stderrReader.join(2000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    /**
     * After a failed write: waits briefly for ffmpeg to end and says how it ended, with its last messages.
     */
    String describeFailure() {
        try {
            process.waitFor(3, TimeUnit.SECONDS);
            stderrReader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String how = process.isAlive() ? "ffmpeg stopped reading its input"
                : "ffmpeg ended with " + exitDescription(process.exitValue());
        return how + describeTail(stderrTail);
    }

    /** The last lines ffmpeg wrote to stderr, as a suffix for a message ("" when none). */
    String messages() {
        return describeTail(stderrTail);
    }

    /** Stops ffmpeg if it still runs, removes the socket. Idempotent. */
    @Override
    public void close() {
        closeQuietly(input);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(server);
        deleteQuietly(socketDir);
    }

    static String exitDescription(int code) {
        if (code > 128 && code < 160) {
            return "signal " + (code - 128) + " (exit code " + code + ")";
        }
        return "exit code " + code;
    }

    /** The kept lines as a suffix for a message ("" when none). */
    private static String describeTail(Deque<String> tail) {
        synchronized (tail) {
            return tail.isEmpty() ? "" : "; ffmpeg said: " + String.join(" | ", tail);
        }
    }

    private void readProgress(InputStream in) {
        long frames = 0;
        long bytes = 0;
        long dropped = 0;
        String speed = "";
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq);
                String value = line.substring(eq + 1).trim();
                switch (key) {
                    case "frame" -> frames = parseLong(value, frames);
                    case "total_size" -> bytes = parseLong(value, bytes);
                    case "drop_frames" -> dropped = parseLong(value, dropped);
                    case "speed" -> speed = value;
                    case "progress" -> progress = new Progress(frames, bytes, dropped, speed);
                    default -> { }
                }
            }
        } catch (IOException ignored) {
            // ffmpeg ended
        }
    }

    private static void keepTail(InputStream err, Deque<String> tail, UnaryOperator<String> redact) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String t = redact.apply(line.strip());
                if (t.isEmpty()) {
                    continue;
                }
                synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                        tail.removeFirst();
                    }
                    tail.addLast(t);
                }
            }
        } catch (IOException ignored) {
            // ffmpeg ended
        }
    }

    /** Waits for ffmpeg to connect to the socket, as long as it lives and within the timeout. */
    private static SocketChannel accept(ServerSocketChannel server, Process process, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            SocketChannel ch = server.accept();
            if (ch != null) {
                ch.configureBlocking(true);
                return ch;
            }
            if (!process.isAlive()) {
                process.waitFor();
                throw new IOException("ffmpeg ended before reading any frame (" + exitDescription(process.exitValue())
                        + ")");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("ffmpeg did not open its input within " + timeout.toMillis() + " ms");
            }
            Thread.sleep(5);
        }
    }

    private static Path setsid() {
        if (isWindows()) {
            return null;
        }
        for (String dir : new String[]{"/usr/bin", "/bin"}) {
            Path p = Path.of(dir, "setsid");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static long parseLong(String s, long fallback) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;   // "N/A" before the first packet
        }
    }

    static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a private temp directory; nothing better to do
        }
    }
}
