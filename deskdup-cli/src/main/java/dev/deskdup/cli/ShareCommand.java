package dev.deskdup.cli;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.RingPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code deskdup share}: capture into a named shared-memory ring that Python (NumPy) and other JVMs read. */
@Command(name = "share",
        mixinStandardHelpOptions = true,
        header = "Capture the screen into a shared-memory ring that other processes read with no copy.",
        description = {
                "Captures the screen (or --region, or one --monitor) into the ring file /dev/shm/deskdup-NAME "
                        + "(mode 0600: only this user may read it) until stopped (Ctrl-C, SIGTERM, --seconds or "
                        + "--frames). Readers in other processes map it read-only and get each frame as a view of "
                        + "the slot it was captured into: Python with NumPy (pip install ./python; "
                        + "deskdup.Ring(NAME)), Java (dev.deskdup.RingReader.open(NAME)), or anything following "
                        + "docs/ring-format.md. 'deskdup ring NAME' shows its state.",
                "",
                "Each reader leases the newest frame; the capture never writes a leased slot and has --readers + 2 "
                        + "slots, so readers never slow it down. A reader that dies or stops for over half a "
                        + "second loses its lease; when this command ends, readers get an end-of-stream error "
                        + "within a second, even after kill -9.",
                "",
                "On start it prints the ring's geometry, how pixels reach it (os-direct: the X server writes into "
                        + "the file, zero copy; one-copy: each frame is copied once, e.g. with the SysV fallback "
                        + "or a backend that brings its own memory; rendered: the synthetic pattern) and a Python "
                        + "one-liner that reads it."},
        footer = {
                "  deskdup share --name desk",
                "  deskdup share --name left --monitor 0 --fps 30 --readers 8",
                "  deskdup share --name test --source synthetic --checksum --seconds 10",
                "  python3 -c \"import deskdup; r = deskdup.Ring('desk'); print(r.latest(5).array.shape)\""})
final class ShareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    AreaOptions area;

    @Option(names = "--name", required = true, paramLabel = "NAME",
            description = "The ring's name: 1 to 64 letters, digits, '_', '.' or '-' (the file is "
                    + "/dev/shm/deskdup-NAME).")
    String name;

    @Option(names = "--readers", paramLabel = "N", defaultValue = "4",
            description = "How many readers may attach at once, 1 to 62; the capture gets N + 2 slots "
                    + "(default: ${DEFAULT-VALUE}).")
    int readers;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "0",
            description = "At most N frames per second; 0: as fast as the screen changes (default: "
                    + "${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--cursor", paramLabel = "MODE", defaultValue = "separate",
            converter = Converters.CursorConverter.class, completionCandidates = Converters.CursorModes.class,
            description = "The mouse cursor: separate (its position in each frame's header), composited (drawn "
                    + "into the frames) or none (default: ${DEFAULT-VALUE}).")
    CursorMode cursor;

    @Option(names = "--full-frame",
            description = "Copy the whole area for every frame instead of only what changed.")
    boolean fullFrame;

    @Option(names = "--checksum",
            description = "With --source synthetic: embed the frame number and a checksum in the first two "
                    + "pixels of every frame (for testing readers).")
    boolean checksum;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "0",
            description = "Stop after S seconds; 0: until stopped (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "0",
            description = "Stop after N frames published; 0: until stopped (default: ${DEFAULT-VALUE}).")
    long frames;

    @Override
    public Integer call() throws InterruptedException {
        if (fps < 0 || !Double.isFinite(fps)) {
            throw new IllegalArgumentException("fps=" + fps + " must be >= 0 (0: unpaced)");
        }
        if (seconds < 0 || frames < 0) {
            throw new IllegalArgumentException("seconds=" + seconds + ", frames=" + frames + " must be >= 0");
        }
        if (checksum && !target.synthetic()) {
            throw new IllegalArgumentException("--checksum needs --source synthetic (it marks the test pattern)");
        }
        area.checkExclusive();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try (Target t = target.open(err)) {
            CaptureOptions options = area.apply(target.captureOptions(t), target).maxFps(fps).cursor(cursor)
                    .changeTracking(!fullFrame).syntheticChecksum(checksum);
            try (RingPublisher ring = RingPublisher.start(name, options, readers, frames)) {
                Thread hook = new Thread(ring::close, "deskdup-share-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                if (ring.replacedStale() != null) {
                    err.println("deskdup share: replaced a stale ring file of a dead producer (" + ring.replacedStale()
                            + ")");
                }
                awaitFirstFrame(ring);
                out.println("sharing " + ring.width() + "x" + ring.height() + " BGRA from " + ring.sourceName()
                        + " in ring '" + name + "' (" + ring.path() + ", up to " + readers + " readers, pixels "
                        + ring.writePath() + ")");
                out.println("read it: python3 -c \"import deskdup; r = deskdup.Ring('" + name
                        + "'); f = r.latest(5); print(f.number, f.array.shape)\"");
                out.flush();
                long deadline = seconds > 0 ? System.nanoTime() + (long) (seconds * 1e9) : Long.MAX_VALUE;
                while (ring.isRunning() && System.nanoTime() < deadline
                        && (frames == 0 || ring.framesPublished() < frames)) {
                    ring.await(Duration.ofMillis(20));
                }
                Throwable failure = ring.failure();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running
                }
                if (failure instanceof RuntimeException e) {
                    throw e;
                }
                if (failure != null) {
                    throw new IllegalStateException(failure);
                }
                out.println("published " + ring.framesPublished() + " frames");
                out.flush();
            }
        }
        return ExitCodes.OK;
    }

    private static void awaitFirstFrame(RingPublisher ring) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        while (ring.framesPublished() == 0 && ring.isRunning() && System.nanoTime() < until) {
            Thread.sleep(1);
        }
    }
}
