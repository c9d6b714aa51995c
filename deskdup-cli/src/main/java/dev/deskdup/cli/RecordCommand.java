package dev.deskdup.cli;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.ScreenCapture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/** {@code deskdup record OUT} and {@code deskdup record --publish URL}: the screen as encoded video, via ffmpeg. */
@Command(name = "record",
        mixinStandardHelpOptions = true,
        header = "Record the screen into a video file, or publish it live to a media server, through ffmpeg.",
        description = {
                "Records the screen (or --region, one --monitor, or one --window) at a constant --fps into OUT, "
                        + "encoded by an "
                        + "ffmpeg child process (H.264 by default; the container follows OUT's extension: .mp4, "
                        + ".mkv, .mov, .webm, ...), until --duration has passed, or Ctrl-C or SIGTERM. Or, with "
                        + "--publish URL instead of OUT, streams it live to a media server (RTMP, RTSP, SRT, or "
                        + "MPEG-TS over UDP or TCP).",
                "",
                "Constant frame rate: when nothing changed on the screen by the time a frame is due, the previous "
                        + "one is sent again, so the video keeps real time. Only what changed is copied from the "
                        + "X server and converted to the encoder's YUV 4:2:0 (BT.709, limited range), by deskdup: "
                        + "ffmpeg gets frames it only has to encode. --pixel-format bgra sends the frames as they "
                        + "are instead and lets ffmpeg convert them, for lossless RGB codecs (ffv1, qtrle, "
                        + "libx264rgb).",
                "",
                "OUT is written as a temporary file beside it (.OUT.XXXXXXXX.part.EXT) and renamed over OUT when "
                        + "the recording ends: until then an existing OUT stays as it was. MP4 and MOV are written "
                        + "fragmented (one fragment a second), so the file is playable however the recording "
                        + "ends: after Ctrl-C or SIGTERM (ffmpeg finishes the file, exit code 0), after a full "
                        + "disk, a dying ffmpeg or a lost display (the error says so, and what was recorded up to "
                        + "then is renamed over OUT), even after kill -9 of deskdup (ffmpeg then finishes the "
                        + "temporary file). Nothing is kept when the recording fails before its first frame.",
                "",
                "On a terminal a progress line shows time, frames, frames/s, dropped frames and the output's "
                        + "size; at the end one line goes to stdout: 'OUT WIDTHxHEIGHT FPS fps FRAMES frames "
                        + "SECONDS s BYTES bytes'. Frames are dropped only when ffmpeg cannot keep up (more than "
                        + "2 s behind); the schedule stays tied to the clock.",
                "",
                "Publishing: the URL's scheme picks the protocol and container: rtmp:// and rtmps:// (FLV; "
                        + "nginx-rtmp, SRS, MediaMTX, YouTube and Twitch ingest), rtsp:// (RTSP over TCP; e.g. "
                        + "MediaMTX), srt:// (MPEG-TS over SRT, where ffmpeg has libsrt), udp:// and tcp:// "
                        + "(MPEG-TS). The encoder is tuned for latency (x264 zerolatency, a keyframe every 2 s so "
                        + "viewers can join). The URL is never printed (stream keys are secret), but it is on "
                        + "ffmpeg's command line, which other local users can see with ps.",
                "",
                "The frame size stays the first frame's; after a resize of the screen --on-resize fits the new "
                        + "content into it, or stops (exit code 3)."},
        footer = {
                "  deskdup record demo.mp4 --duration 10s",
                "  deskdup record talk.mkv --monitor 0 --fps 60 --crf 20",
                "  deskdup record clip.webm --region 0,0,1280,720 --codec vp9",
                "  deskdup record browser.mp4 --window 'Mozilla Firefox' --duration 1m",
                "  deskdup record lossless.mkv --codec ffv1 --pixel-format bgra",
                "  deskdup record --publish rtmp://live.example.com/app/STREAM-KEY",
                "  deskdup record --publish rtsp://127.0.0.1:8554/screen",
                "  deskdup record --publish 'srt://127.0.0.1:9000?mode=caller'",
                "  deskdup record --publish udp://239.0.0.1:1234",
                "  deskdup record --publish tcp://127.0.0.1:9999",
                "",
                "Receivers for a quick try without a server:",
                "  ffplay -listen 1 rtmp://127.0.0.1:1935/live/s",
                "  ffplay -rtsp_flags listen rtsp://127.0.0.1:8554/screen",
                "  ffplay 'srt://127.0.0.1:9000?mode=listener'",
                "  ffplay 'tcp://127.0.0.1:9999?listen=1'"})
final class RecordCommand implements Callable<Integer> {

    /** How long ffmpeg may take to open its input, and to finish the file after the last frame. */
    private static final Duration FFMPEG_START = Duration.ofSeconds(20);
    private static final Duration FFMPEG_FINISH = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    AreaOptions area;

    @Parameters(index = "0", arity = "0..1", paramLabel = "OUT",
            description = "The video file to write (a new path or a regular file; anything else is refused). "
                    + "Not with --publish.")
    Path out;

    @Option(names = "--publish", paramLabel = "URL",
            description = "Stream live to a media server instead of recording a file: rtmp://, rtmps://, rtsp://, "
                    + "srt://, udp:// or tcp:// (see above). Not with OUT.")
    String publish;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "30",
            description = "Frames per second of the video, 1 to 240 (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--duration", paramLabel = "D", converter = Converters.DurationConverter.class,
            description = "How long to record, e.g. 10s, 1m30s, 500ms (default: until Ctrl-C or SIGTERM).")
    Duration duration;

    @Option(names = "--codec", paramLabel = "C", defaultValue = "libx264", description = VideoEncoding.HELP
            + " (default: ${DEFAULT-VALUE})")
    String codec;

    @Option(names = "--crf", paramLabel = "Q",
            description = "Constant quality, lower is better: x264 0-51 (default 23), x265 (28), vp9 0-63 (32), "
                    + "svt-av1 (35), aom-av1 (30).")
    Integer crf;

    @Option(names = "--preset", paramLabel = "P",
            description = "Encoder speed preset: x264/x265 ultrafast ... veryslow (default veryfast), svt-av1 "
                    + "0-13 (10), aom-av1 cpu-used 0-10 (8), vp9 deadline good|realtime (realtime).")
    String preset;

    @Option(names = "--pixel-format", paramLabel = "FORMAT", defaultValue = "yuv420p",
            description = "What deskdup hands ffmpeg: yuv420p (converted by deskdup where the screen changed) or "
                    + "bgra (the captured pixels; ffmpeg converts every whole frame: to yuv420p for x264, x265, "
                    + "vp9 and av1, not at all for lossless RGB codecs such as ffv1) (default: ${DEFAULT-VALUE}).")
    String pixelFormat;

    @Option(names = "--cursor", paramLabel = "MODE", defaultValue = "composited",
            converter = Converters.CursorConverter.class, completionCandidates = Converters.CursorModes.class,
            description = "The mouse cursor: composited (drawn into the video) or none (default: ${DEFAULT-VALUE}).")
    CursorMode cursor;

    @Option(names = "--full-frame",
            description = "Copy the whole area for every frame instead of only what changed.")
    boolean fullFrame;

    @Option(names = "--on-resize", paramLabel = "POLICY", defaultValue = "scale",
            converter = ResizePolicy.Converter.class, completionCandidates = ResizePolicy.Values.class,
            description = ResizePolicy.HELP)
    ResizePolicy onResize;

    @Option(names = "--ffmpeg", paramLabel = "PATH", description = "The ffmpeg to run (default: ffmpeg on PATH).")
    String ffmpegPath;

    @Option(names = "--no-progress", description = "No progress line, even on a terminal.")
    boolean noProgress;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "How long to wait for the first frame (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Override
    public Integer call() throws IOException {
        checkOptions();
        PublishTarget destination = publish != null ? PublishTarget.parse(publish) : null;
        if (out != null) {
            SafeOutputFile.check("OUT", out, false);
        }
        Path ffmpeg = FfmpegBinary.locate(ffmpegPath);
        VideoEncoding encoding = VideoEncoding.of(codec, crf, preset);
        checkFfmpegCanDo(ffmpeg, encoding, destination);
        boolean yuv = pixelFormat.equals("yuv420p");
        PrintWriter err = spec.commandLine().getErr();
        String name = destination != null ? destination.redacted() : out.toString();
        UnaryOperator<String> redact = destination != null ? destination::redactIn : UnaryOperator.identity();
        try (Target t = target.open(err);
             ScreenCapture capture = ScreenCapture.open(captureOptions(t));
             FrameFitter fitter = new FrameFitter(onResize, capture.width(), capture.height());
             I420Converter converter = yuv ? new I420Converter(capture.width(), capture.height()) : null;
             FixedRatePacer pacer = new FixedRatePacer(capture, fps, timeoutMs);
             StopSignals stop = StopSignals.install(null);
             SafeOutputFile file = out != null ? SafeOutputFile.create("OUT", out, false) : null) {
            int width = yuv ? converter.width() : capture.width();
            int height = yuv ? converter.height() : capture.height();
            List<String> outputOptions = outputOptions(encoding, yuv, destination, file);
            err.println("deskdup record: " + (destination != null ? "publishing " : "recording ") + width + "x"
                    + height + " at " + fps + " fps (" + encoding.describe() + ") to " + name
                    + (duration != null ? " for " + ProgressLine.clock(duration.toNanos()) : "")
                    + "; Ctrl-C stops");
            err.flush();
            try (FfmpegProcess encoder = FfmpegProcess.start(ffmpeg, inputOptions(width, height, yuv), outputOptions,
                    redact, FFMPEG_START)) {
                ProgressLine progress = new ProgressLine(err, (destination != null ? "publishing " : "recording ")
                        + name, !noProgress);
                long totalFrames = duration == null ? 0 : Math.max(1, Math.round(duration.toNanos() * fps / 1e9));
                Recorder recorder = new Recorder(pacer, fitter, converter, encoder.input(), stop, progress, encoder,
                        totalFrames, file != null ? file::size : () -> encoder.progress().totalBytes());
                RuntimeException captureFailure = null;
                IOException inputFailure = null;
                try {
                    recorder.run(duration == null ? 0 : duration.toNanos());
                } catch (IOException e) {
                    inputFailure = e;
                } catch (CaptureException e) {
                    captureFailure = e;
                }
                progress.say("finishing " + name + " …");
                int exit = encoder.finish(FFMPEG_FINISH);
                progress.finish();
                return conclude(recorder, encoder, exit, file, name, width, height, inputFailure, captureFailure);
            }
        }
    }

    /** Renames the file into place (or not), prints the summary, and turns a failure into its exit code. */
    private int conclude(Recorder recorder, FfmpegProcess encoder, int exit, SafeOutputFile file, String name,
                         int width, int height, IOException inputFailure, RuntimeException captureFailure)
            throws IOException {
        long bytes = file != null ? file.size() : encoder.progress().totalBytes();
        if (recorder.frames() == 0 && inputFailure == null && captureFailure == null) {
            spec.commandLine().getErr().println("deskdup record: stopped before the first frame; nothing recorded"
                    + (file != null ? " (" + file.target() + " left as it was)" : ""));
            return ExitCodes.OK;
        }
        boolean anything = recorder.frames() > 0 && (file == null || bytes > 0);
        String kept = "";
        if (file != null && anything && (inputFailure != null || captureFailure != null || exit != 0)) {
            file.commit();   // a fragmented file is playable up to its last complete fragment: keep it
            kept = "; what was recorded until then (" + recorder.frames() + " frames) is kept in " + file.target();
        }
        if (inputFailure != null || (captureFailure == null && exit != 0)) {
            String why = inputFailure != null ? encoder.describeFailure()
                    : "ffmpeg failed while finishing (" + FfmpegProcess.exitDescription(exit) + ")"
                    + encoder.messages();
            throw new IOException((destinationIsFile(file) ? "recording " : "publishing ") + name + " failed: " + why
                    + kept);
        }
        if (captureFailure != null) {
            throw new CaptureException(captureFailure.getMessage() + kept, captureFailure);
        }
        if (file != null) {
            file.commit();
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println(name + " " + width + "x" + height + " " + fps + " fps " + recorder.frames() + " frames "
                + String.format(Locale.ROOT, "%.1f", recorder.frames() / (double) fps) + " s "
                + bytes + " bytes" + (recorder.dropped() > 0 ? " (" + recorder.dropped() + " dropped)" : ""));
        stdout.flush();
        return ExitCodes.OK;
    }

    private static boolean destinationIsFile(SafeOutputFile file) {
        return file != null;
    }

    private void checkOptions() {
        if ((out == null) == (publish == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), out == null
                    ? "give OUT (a video file) or --publish URL" : "OUT=" + out + " and --publish both given: "
                    + "choose one (record a file, or publish live)");
        }
        if (fps < 1 || fps > 240) {
            throw new IllegalArgumentException("fps=" + fps + " is out of range (choose 1 to 240, e.g. 30)");
        }
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("timeout-ms=" + timeoutMs + " must be at least 1");
        }
        pixelFormat = pixelFormat.trim().toLowerCase(Locale.ROOT);
        if (!pixelFormat.equals("yuv420p") && !pixelFormat.equals("bgra")) {
            throw new IllegalArgumentException("pixel-format=" + pixelFormat + " is not one deskdup sends "
                    + "(choose yuv420p or bgra)");
        }
        if (cursor == CursorMode.SEPARATE) {
            throw new IllegalArgumentException("cursor=separate: a video has no place for the cursor beside the "
                    + "pixels (choose composited to draw it in, or none)");
        }
        area.checkExclusive();
    }

    /** The encoder, and for --publish the protocol, must be in this ffmpeg: a clear error before capturing. */
    private static void checkFfmpegCanDo(Path ffmpeg, VideoEncoding encoding, PublishTarget destination)
            throws IOException {
        List<String> encoders = FfmpegBinary.encoders(ffmpeg);
        if (!encoders.isEmpty() && !encoders.contains(encoding.codec())) {
            throw new IllegalArgumentException("codec=" + encoding.codec() + " is not an encoder of " + ffmpeg
                    + " (see 'ffmpeg -encoders'; e.g. libx264, libx265, libvpx-vp9, libsvtav1, ffv1)");
        }
        if (destination != null) {
            if (destination.muxer().equals("flv") && !encoding.codec().equals("libx264")) {
                throw new IllegalArgumentException("codec=" + encoding.codec() + " with " + destination.scheme()
                        + "://: RTMP carries H.264 (choose --codec libx264)");
            }
            List<String> protocols = FfmpegBinary.outputProtocols(ffmpeg);
            if (!protocols.isEmpty() && !protocols.contains(destination.protocol())) {
                throw new CommandFailedException(ffmpeg + " cannot write " + destination.scheme() + ":// (it was "
                        + "built without the " + destination.protocol() + " protocol; 'ffmpeg -protocols' lists "
                        + "what it has)");
            }
        }
    }

    /**
     * What ffmpeg reads: raw frames of one size at the video's rate. BGRA frames are declared {@code bgr0}: the fourth
     * byte of a captured pixel is padding (an X screen of depth 24 has no alpha), not transparency to keep.
     */
    private List<String> inputOptions(int width, int height, boolean yuv) {
        return List.of("-f", "rawvideo", "-pix_fmt", yuv ? "yuv420p" : "bgr0", "-video_size", width + "x" + height,
                "-framerate", String.valueOf(fps));
    }

    /** Codec, colour tags, container options, then the output: the temporary file or the URL. */
    private List<String> outputOptions(VideoEncoding encoding, boolean yuv, PublishTarget destination,
                                       SafeOutputFile file) {
        List<String> o = new ArrayList<>(encoding.options(fps, destination != null));
        if (yuv) {
            o.addAll(I420Converter.FFMPEG_COLOR_OPTIONS);
        } else if (encoding.wants420()) {
            o.addAll(List.of("-pix_fmt", "yuv420p"));   // ffmpeg converts every frame (BT.601, untagged)
        }
        if (destination != null) {
            o.addAll(destination.options());
            o.addAll(List.of("-f", destination.muxer(), destination.url()));
            return o;
        }
        String ext = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (ext.endsWith(".mp4") || ext.endsWith(".mov") || ext.endsWith(".m4v")) {
            // Fragmented: playable however the recording ends (a moov written only at the end is lost on a crash).
            o.addAll(List.of("-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-frag_duration", "1000000"));
        }
        // Each packet to the file as it comes: ffmpeg's 32 KB write buffer would otherwise hold the last seconds of a
        // screen recording (a few KB a second) back from the disk, and a crash would lose them.
        o.addAll(List.of("-flush_packets", "1", "-y", file.path().toString()));
        return o;
    }

    /** Area, cursor, change tracking (on unless --full-frame), and what the pacing needs. */
    CaptureOptions captureOptions(Target t) {
        CaptureOptions options = target.captureOptions(t).cursor(cursor).changeTracking(!fullFrame);
        return FixedRatePacer.configure(area.apply(options, target), fps);
    }
}
