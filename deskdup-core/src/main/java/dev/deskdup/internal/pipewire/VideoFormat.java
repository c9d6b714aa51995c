package dev.deskdup.internal.pipewire;

import java.lang.foreign.MemorySegment;

/**
 * A negotiated raw video format, parsed from a {@code SPA_PARAM_Format} pod ({@code spa_format_video_raw_parse}).
 *
 * @param format      {@code SPA_VIDEO_FORMAT_*}
 * @param width       frame width in pixels
 * @param height      frame height in pixels
 * @param rateNum     frame rate numerator (0/1: variable, as screen casts announce)
 * @param rateDenom   frame rate denominator
 * @param hasModifier whether a DRM modifier was negotiated: the buffers will be DMA-BUF (GPU memory)
 * @param modifier    that modifier when {@code hasModifier}
 */
public record VideoFormat(int format, int width, int height, int rateNum, int rateDenom, boolean hasModifier,
                          long modifier) {

    public static final int BGRx = SpaIds.SPA_VIDEO_FORMAT_BGRx;
    public static final int BGRA = SpaIds.SPA_VIDEO_FORMAT_BGRA;
    public static final int RGBx = SpaIds.SPA_VIDEO_FORMAT_RGBx;
    public static final int RGBA = SpaIds.SPA_VIDEO_FORMAT_RGBA;

    /**
     * Parses a Format object.
     *
     * @throws IllegalArgumentException when it is not raw video or lacks a format or size
     */
    public static VideoFormat parse(MemorySegment pod) {
        PodParser p = PodParser.at(pod);
        if (p.objectType(0) != SpaIds.SPA_TYPE_OBJECT_Format) {
            throw new IllegalArgumentException("param is object type=" + p.objectType(0) + ", not a Format");
        }
        long mt = p.findProp(0, SpaIds.SPA_FORMAT_mediaType);
        long ms = p.findProp(0, SpaIds.SPA_FORMAT_mediaSubtype);
        if (mt < 0 || ms < 0 || p.id(mt, 0) != SpaIds.SPA_MEDIA_TYPE_video
                || p.id(ms, 0) != SpaIds.SPA_MEDIA_SUBTYPE_raw) {
            throw new IllegalArgumentException("format is not raw video (mediaType="
                    + (mt < 0 ? "none" : p.id(mt, 0)) + ", mediaSubtype=" + (ms < 0 ? "none" : p.id(ms, 0)) + ")");
        }
        long f = p.findProp(0, SpaIds.SPA_FORMAT_VIDEO_format);
        long s = p.findProp(0, SpaIds.SPA_FORMAT_VIDEO_size);
        if (f < 0 || s < 0) {
            throw new IllegalArgumentException("raw video format without " + (f < 0 ? "format" : "size"));
        }
        long r = p.findProp(0, SpaIds.SPA_FORMAT_VIDEO_framerate);
        long m = p.findProp(0, SpaIds.SPA_FORMAT_VIDEO_modifier);
        return new VideoFormat(p.id(f, 0), p.rectangleWidth(s, 0), p.rectangleHeight(s, 0),
                r < 0 ? 0 : p.fractionNum(r, 0), r < 0 ? 1 : p.fractionDenom(r, 0), m >= 0,
                m < 0 ? 0 : p.int64(m, 0));
    }

    /** Whether the bytes are B, G, R, A/x in memory (deskdup's BGRA without conversion). */
    public boolean isBgrOrder() {
        return format == BGRx || format == BGRA;
    }

    /** Whether deskdup accepts it at all (BGRx, BGRA, RGBx, RGBA). */
    public boolean isSupported() {
        return format == BGRx || format == BGRA || format == RGBx || format == RGBA;
    }

    public String formatName() {
        return SpaIds.videoFormatName(format);
    }

    @Override
    public String toString() {
        return formatName() + " " + width + "x" + height + " @" + rateNum + "/" + rateDenom
                + (hasModifier ? " DMA-BUF modifier=0x" + Long.toHexString(modifier) : " SHM");
    }
}
