package dev.deskdup.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ffmpeg encoder options of {@code record}: codec (by its ffmpeg name, or a short alias), quality, speed, and
 * what live streaming or a crash-safe file needs. Known codecs get defaults that suit screen content recorded in
 * real time on an ordinary CPU; any other ffmpeg video encoder is passed through as named.
 *
 * @param codec  the ffmpeg encoder name, e.g. {@code libx264}
 * @param crf    constant-quality value, or null for the codec's own default
 * @param preset speed preset, or null for the codec's default
 */
record VideoEncoding(String codec, Integer crf, String preset) {

    /** Short names users type, and the encoder each stands for. */
    static final Map<String, String> ALIASES = Map.of("h264", "libx264", "x264", "libx264", "h265", "libx265",
            "hevc", "libx265", "x265", "libx265", "vp9", "libvpx-vp9", "av1", "libsvtav1");

    /** The codecs' own quality defaults when --crf is not given: their documented defaults or usual choices. */
    private static final Map<String, Integer> DEFAULT_CRF = Map.of("libx264", 23, "libx265", 28, "libvpx-vp9", 32,
            "libsvtav1", 35, "libaom-av1", 30);

    /** The text of --codec's help. */
    static final String HELP = "Video encoder, by ffmpeg name or alias: libx264 (h264, the default: plays "
            + "everywhere), libx265 (h265, hevc), libvpx-vp9 (vp9; for .webm), libsvtav1 (av1) or libaom-av1, "
            + "ffv1 (lossless; with --pixel-format bgra), or any other video encoder of 'ffmpeg -encoders'";

    static VideoEncoding of(String codec, Integer crf, String preset) {
        String c = codec.trim();
        String resolved = ALIASES.getOrDefault(c.toLowerCase(Locale.ROOT), c);
        if (crf != null && (crf < 0 || crf > 63)) {
            throw new IllegalArgumentException("crf=" + crf + " is out of range (0 to 63; lower is better quality, "
                    + "e.g. 23 for libx264)");
        }
        return new VideoEncoding(resolved, crf, preset);
    }

    /**
     * Whether the codec is one of the usual lossy YUV encoders, whose output players expect as 4:2:0: given BGRA,
     * ffmpeg would otherwise pick 4:4:4, which browsers and most players cannot play.
     */
    boolean wants420() {
        return DEFAULT_CRF.containsKey(codec);
    }

    /** Whether the codec is one of the x264/x265 family (presets by name, tunes). */
    boolean isX26x() {
        return codec.equals("libx264") || codec.equals("libx265");
    }

    /**
     * The output options: {@code -c:v CODEC} and its quality and speed settings.
     *
     * @param fps  the video's frame rate (keyframes every two seconds, so players can seek and viewers can join)
     * @param live whether for a live stream (no look-ahead latency)
     */
    List<String> options(int fps, boolean live) {
        List<String> o = new ArrayList<>(List.of("-c:v", codec));
        Integer q = crf != null ? crf : DEFAULT_CRF.get(codec);
        switch (codec) {
            case "libx264", "libx265" -> {
                o.addAll(List.of("-preset", preset != null ? preset : "veryfast"));
                if (live) {
                    o.addAll(List.of("-tune", "zerolatency"));
                }
            }
            case "libvpx-vp9" -> {
                o.addAll(List.of("-b:v", "0", "-row-mt", "1"));   // -b:v 0: constant quality, not the 256 kbit/s default
                o.addAll(preset != null ? List.of("-deadline", preset)
                        : List.of("-deadline", "realtime", "-cpu-used", "8"));
            }
            case "libaom-av1" -> {
                o.addAll(List.of("-b:v", "0", "-row-mt", "1", "-usage", "realtime"));
                o.addAll(List.of("-cpu-used", preset != null ? preset : "8"));
            }
            case "libsvtav1" -> o.addAll(List.of("-preset", preset != null ? preset : "10"));
            default -> {
                if (preset != null) {
                    o.addAll(List.of("-preset", preset));
                }
            }
        }
        if (q != null) {
            o.addAll(List.of("-crf", String.valueOf(q)));
        }
        o.addAll(List.of("-g", String.valueOf(Math.max(1, 2 * fps))));
        return o;
    }

    /** What the progress line and the summary call it. */
    String describe() {
        return codec + (crf != null ? " crf " + crf : "") + (preset != null ? " " + preset : "");
    }
}
