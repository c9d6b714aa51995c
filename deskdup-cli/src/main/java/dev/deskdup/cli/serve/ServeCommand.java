package dev.deskdup.cli.serve;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.cli.AreaOptions;
import dev.deskdup.cli.Converters;
import dev.deskdup.cli.ExitCodes;
import dev.deskdup.cli.Target;
import dev.deskdup.cli.TargetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code deskdup serve}: the live screen in a browser, over HTTP + WebSocket, behind a token. */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        header = "Show the screen live in a browser (HTTP + WebSocket), behind a token.",
        description = {
                "Serves one page that draws the screen on a canvas and keeps it current, with frames/s, latency "
                        + "and bytes/s shown in a corner; it scales to the window and reconnects by itself. Many "
                        + "viewers share one capture.",
                "",
                "On connect a viewer gets the whole screen, then only the rectangles that changed, each encoded "
                        + "by its content (one colour: fill; tiny: raw; UI and text: deflate, lossless; photographic: "
                        + "JPEG). Never a queue: a viewer has at most one update in flight; changes made meanwhile "
                        + "are merged and sent with their newest pixels once the page acknowledges the last one, so "
                        + "a slow viewer skips ahead and never slows the others.",
                "",
                "Security: every request and the WebSocket need the token, also on 127.0.0.1 (any local user and "
                        + "any web page you visit can reach loopback). It is generated unless given with "
                        + "--token-file or $DESKDUP_TOKEN, and printed once, in the URL to open. The WebSocket "
                        + "accepts only pages of the origin that served them. The server listens on 127.0.0.1 "
                        + "only, unless --bind says otherwise; then put a TLS proxy in front (the token would "
                        + "otherwise cross the network in clear) and name its origin with --allow-origin.",
                "",
                "Runs until Ctrl-C or SIGTERM; the capture, the HTTP threads and a --virtual Xvfb are stopped."},
        footer = {
                "  deskdup serve                                 # http://127.0.0.1:8080/?token=...",
                "  deskdup serve --port 0 --virtual              # a free port, a private test screen",
                "  deskdup serve --monitor DP-1 --fps 30 --encoding lossless",
                "  deskdup serve --bind 0.0.0.0 --allow-origin https://screen.example.org   # behind a TLS proxy",
                "  curl -H \"Authorization: Bearer $DESKDUP_TOKEN\" http://127.0.0.1:8080/status"})
public final class ServeCommand implements Callable<Integer> {

    static final String TOKEN_ENV = "DESKDUP_TOKEN";

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    AreaOptions area;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). Another address "
                    + "exposes the screen to the network: use a TLS proxy in front.")
    String bind;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Read the token from FILE (first line; at least 16 of A-Z a-z 0-9 _ -) instead of "
                    + "generating one. $" + TOKEN_ENV + " works too. Not an option value: those show in 'ps'.")
    Path tokenFile;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN",
            description = "Also accept WebSocket connections from pages of ORIGIN, e.g. https://screen.example.org "
                    + "for a TLS proxy in front (repeatable).")
    List<String> allowOrigins = new ArrayList<>();

    @Option(names = "--fps", paramLabel = "N", defaultValue = "60",
            description = "Most frames per second captured, 1 to 240 (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--encoding", paramLabel = "POLICY", defaultValue = "auto",
            description = "auto (by content), lossless (never JPEG) or jpeg (JPEG unless one colour) "
                    + "(default: ${DEFAULT-VALUE}).")
    String encoding;

    @Option(names = "--jpeg-quality", paramLabel = "Q", defaultValue = "80",
            description = "JPEG quality, 1 to 100 (default: ${DEFAULT-VALUE}).")
    int jpegQuality;

    @Option(names = "--max-viewers", paramLabel = "N", defaultValue = "64",
            description = "Viewers at once; more are turned away (default: ${DEFAULT-VALUE}).")
    int maxViewers;

    @Option(names = "--cursor", paramLabel = "MODE", defaultValue = "composited",
            converter = Converters.CursorConverter.class, completionCandidates = Converters.CursorModes.class,
            description = "The mouse cursor: composited (drawn into the picture) or none (default: "
                    + "${DEFAULT-VALUE}). separate is refused: the page has no cursor layer.")
    CursorMode cursor;

    @Override
    public Integer call() throws Exception {
        if (fps < 1 || fps > 240) {
            throw new IllegalArgumentException("fps=" + fps + " is out of range (choose 1 to 240, e.g. 60)");
        }
        if (cursor == CursorMode.SEPARATE) {
            throw new IllegalArgumentException("cursor=separate: the page has no cursor layer (choose composited "
                    + "to see the pointer, or none)");
        }
        area.checkExclusive();
        EncodingPolicy policy = EncodingPolicy.parse(encoding);
        AccessToken token = token();
        ServeConfig config = new ServeConfig(bind, port, token, allowOrigins, policy, jpegQuality, maxViewers,
                Duration.ofMillis(Math.max(10, 1000 / fps * 3)));
        PrintWriter err = spec.commandLine().getErr();
        ServeLog log = new ServeLog(err);
        try (Target t = target.open(err)) {
            CaptureOptions options = area.apply(target.captureOptions(t).maxFps(fps).cursor(cursor), target);
            LiveServer server = start(config, options, log);
            Thread stopper = new Thread(server::close, "deskdup-serve-stop");
            Runtime.getRuntime().addShutdownHook(stopper);
            try {
                log.info("serving " + server.width() + "x" + server.height() + " on " + bind + ":" + server.port()
                        + " (JPEG by " + server.jpegEncoder() + ", encoding " + policy.name().toLowerCase()
                        + "); Ctrl-C stops");
                if (!OriginPolicy.isLoopback(bind)) {
                    log.info("listening beyond this machine: put a TLS proxy in front, the token and the screen "
                            + "travel in clear over plain HTTP");
                }
                // The one line that shows the token, as Jupyter does: the user needs it to open the page.
                spec.commandLine().getOut().println("open " + server.url());
                spec.commandLine().getOut().flush();
                server.await();
                Throwable failure = server.failure();
                if (failure != null && !server.isRunning()) {
                    throw failure instanceof CaptureException ce ? ce
                            : new CaptureException("capture failed: " + failure, failure);
                }
            } finally {
                server.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it closes the server
                }
            }
        }
        return ExitCodes.OK;
    }

    private LiveServer start(ServeConfig config, CaptureOptions options, ServeLog log) throws Exception {
        try {
            return LiveServer.start(config, options, log);
        } catch (IOException e) {
            if (e instanceof BindException || e.getCause() instanceof BindException) {
                throw new IOException("cannot listen on bind=" + bind + " port=" + port + ": " + e.getMessage()
                        + " (choose another --port, or --port 0 for a free one)", e);
            }
            throw e;
        }
    }

    private AccessToken token() throws IOException {
        if (tokenFile != null) {
            if (!Files.isReadable(tokenFile)) {
                throw new IllegalArgumentException("token-file=" + tokenFile + " cannot be read (check the path "
                        + "and its permissions)");
            }
            List<String> lines = Files.readAllLines(tokenFile);
            return AccessToken.of(lines.isEmpty() ? "" : lines.getFirst().trim());
        }
        String env = System.getenv(TOKEN_ENV);
        if (env != null && !env.isBlank()) {
            return AccessToken.of(env.trim());
        }
        return AccessToken.generate();
    }
}
