package dev.deskdup.cli.serve;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CaptureStream;
import dev.deskdup.Delivery;
import dev.deskdup.ScreenCapture;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

import java.time.Duration;

/**
 * {@code deskdup serve} running: one capture ({@code Delivery.LATEST}, its last frame repeated every
 * {@link ServeConfig#refresh()} on an idle screen), one {@link Broadcaster} feeding every viewer, and Jetty serving
 * the page, {@code /status} and the WebSocket, all behind {@link AccessGuard}. {@link #close()} stops Jetty (viewers
 * see 1001 and reconnect to the next server), then the capture, then frees every buffer.
 */
public final class LiveServer implements AutoCloseable {

    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private final ScreenCapture capture;
    private final ViewerRegistry registry;
    private final EncodingStats encodings = new EncodingStats();
    private final EncoderPool pool;
    private final Broadcaster broadcaster;
    private final CaptureStream stream;
    private final Server server;
    private final ServerConnector connector;
    private final ServeConfig config;
    private volatile boolean closed;

    private LiveServer(ServeConfig config, CaptureOptions options, ServeLog log) throws Exception {
        this.config = config;
        this.capture = ScreenCapture.open(options.delivery(Delivery.LATEST).minFrameInterval(config.refresh()));
        try {
            if (capture.width() > UpdateDescriptor.MAX_SIDE || capture.height() > UpdateDescriptor.MAX_SIDE) {
                throw new IllegalArgumentException("screen " + capture.width() + "x" + capture.height()
                        + " is larger than the protocol's 65535 pixels a side");
            }
            registry = new ViewerRegistry(config.maxViewers());
            pool = new EncoderPool(Math.max(0, Runtime.getRuntime().availableProcessors() - 1), encodings);
            broadcaster = new Broadcaster(registry, pool, config.policy(), config.quality(), new ServeClock());
            OriginPolicy origins = new OriginPolicy(config.bind(), config.allowedOrigins());

            QueuedThreadPool threads = new QueuedThreadPool(32, 4);
            threads.setName("deskdup-serve-http");
            threads.setDaemon(true);
            server = new Server(threads);
            server.setStopTimeout(2000);
            connector = new ServerConnector(server);
            connector.setHost(config.bind());
            connector.setPort(config.port());
            server.addConnector(connector);
            StatusJson status = new StatusJson(registry, capture, broadcaster, encodings, pool.jpegName());
            WebSocketUpgradeHandler upgrade = WebSocketUpgradeHandler.from(server, container -> {
                container.setIdleTimeout(IDLE_TIMEOUT);
                container.setMaxBinaryMessageSize(1024);
                container.setMaxTextMessageSize(1024);
                container.addMapping(AccessGuard.WEBSOCKET_PATH,
                        new SocketCreator(config.token(), origins, registry, log));
            });
            upgrade.setHandler(new PageHandler(status));
            server.setHandler(new AccessGuard(config.token(), origins, upgrade));
            stream = capture.stream(broadcaster);
            try {
                server.start();
            } catch (Exception e) {
                stream.close();
                throw e;
            }
        } catch (Exception | Error e) {
            capture.close();
            throw e;
        }
    }

    /**
     * Opens the capture and starts listening.
     *
     * @throws java.io.IOException when the address cannot be bound (port in use, address not on this machine)
     */
    public static LiveServer start(ServeConfig config, CaptureOptions options, ServeLog log) throws Exception {
        return new LiveServer(config, options, log);
    }

    /** The port listened on (the one picked when {@link ServeConfig#port()} was 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The viewer's URL, token included: show it once, to the user, and nowhere else. */
    public String url() {
        String host = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
        if ("0.0.0.0".equals(host) || "[::]".equals(host)) {
            host = "127.0.0.1";
        }
        return "http://" + host + ":" + port() + "/?token=" + config.token().reveal();
    }

    public int width() {
        return capture.width();
    }

    public int height() {
        return capture.height();
    }

    /** Which JPEG encoder is in use: {@code libturbojpeg}, or {@code ImageIO} when it is missing. */
    public String jpegEncoder() {
        return pool.jpegName();
    }

    /** Viewers connected now. */
    public int viewerCount() {
        return registry.snapshot().length;
    }

    /** What ended the capture if it failed (e.g. the display died), else null. */
    public Throwable failure() {
        return stream.failure();
    }

    public boolean isRunning() {
        return !closed && stream.isRunning();
    }

    /** Waits until the capture stream ends (it fails, or {@link #close()} is called). */
    public void await() throws InterruptedException {
        while (!stream.await(Duration.ofSeconds(1)) && !closed) {
            // keep waiting
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stop();   // closes every WebSocket (1001) and stops accepting
        } catch (Exception ignored) {
            // stopping anyway
        }
        stream.close();       // waits for the delivery thread: no frame is being encoded after this
        capture.close();
        pool.close();
        broadcaster.close();
        registry.freeAll();
    }
}
