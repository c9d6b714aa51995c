package dev.deskdup.internal.pipewire;

/**
 * The params a screen-cast consumer (and deskdup's test producer) announces, built with {@link PodBuilder}:
 * what {@code spa_format_video_raw_build} and the {@code SPA_POD_*} macros would make in C.
 */
public final class VideoParams {

    private VideoParams() {
    }

    /** The largest frame deskdup negotiates (per side). */
    public static final int MAX_SIZE = 16384;

    /**
     * EnumFormat for shared-memory buffers: BGRx, BGRA, RGBx, RGBA (that order of preference: the first two need
     * no conversion), any size up to {@link #MAX_SIZE}, any frame rate. No modifier: that is what keeps the
     * producer on SHM ({@code MemFd}/{@code MemPtr}) rather than DMA-BUF.
     */
    public static int enumFormatShm(PodBuilder b, int preferredWidth, int preferredHeight) {
        int obj = b.pushObject(SpaIds.SPA_TYPE_OBJECT_Format, SpaIds.SPA_PARAM_EnumFormat);
        b.prop(SpaIds.SPA_FORMAT_mediaType, 0).id(SpaIds.SPA_MEDIA_TYPE_video);
        b.prop(SpaIds.SPA_FORMAT_mediaSubtype, 0).id(SpaIds.SPA_MEDIA_SUBTYPE_raw);
        b.prop(SpaIds.SPA_FORMAT_VIDEO_format, 0).choiceEnumId(VideoFormat.BGRx, VideoFormat.BGRx,
                VideoFormat.BGRA, VideoFormat.RGBx, VideoFormat.RGBA);
        b.prop(SpaIds.SPA_FORMAT_VIDEO_size, 0).choiceRangeRectangle(preferredWidth, preferredHeight, 1, 1,
                MAX_SIZE, MAX_SIZE);
        b.prop(SpaIds.SPA_FORMAT_VIDEO_framerate, 0).choiceRangeFraction(0, 1, 0, 1, 1000, 1);
        return b.pop(obj);
    }

    /**
     * EnumFormat for DMA-BUF buffers (a modifier property), which deskdup does not import: announced after the SHM
     * one only so that a producer offering nothing else negotiates it and deskdup can say so, instead of the
     * stream failing with a bare "no format".
     */
    public static int enumFormatDmabufProbe(PodBuilder b, int preferredWidth, int preferredHeight) {
        int obj = b.pushObject(SpaIds.SPA_TYPE_OBJECT_Format, SpaIds.SPA_PARAM_EnumFormat);
        b.prop(SpaIds.SPA_FORMAT_mediaType, 0).id(SpaIds.SPA_MEDIA_TYPE_video);
        b.prop(SpaIds.SPA_FORMAT_mediaSubtype, 0).id(SpaIds.SPA_MEDIA_SUBTYPE_raw);
        b.prop(SpaIds.SPA_FORMAT_VIDEO_format, 0).choiceEnumId(VideoFormat.BGRx, VideoFormat.BGRx,
                VideoFormat.BGRA, VideoFormat.RGBx, VideoFormat.RGBA);
        b.prop(SpaIds.SPA_FORMAT_VIDEO_modifier,
                        SpaIds.SPA_POD_PROP_FLAG_MANDATORY | SpaIds.SPA_POD_PROP_FLAG_DONT_FIXATE)
                .choiceEnumLong(SpaIds.DRM_FORMAT_MOD_LINEAR, SpaIds.DRM_FORMAT_MOD_LINEAR,
                        SpaIds.DRM_FORMAT_MOD_INVALID);
        b.prop(SpaIds.SPA_FORMAT_VIDEO_size, 0).choiceRangeRectangle(preferredWidth, preferredHeight, 1, 1,
                MAX_SIZE, MAX_SIZE);
        b.prop(SpaIds.SPA_FORMAT_VIDEO_framerate, 0).choiceRangeFraction(0, 1, 0, 1, 1000, 1);
        return b.pop(obj);
    }

    /** A fixed format, as a producer offers it: one pixel format, one size, one frame rate. */
    public static int enumFormatFixed(PodBuilder b, int format, int width, int height, int rateNum,
                                      boolean dmabufOnly) {
        int obj = b.pushObject(SpaIds.SPA_TYPE_OBJECT_Format, SpaIds.SPA_PARAM_EnumFormat);
        b.prop(SpaIds.SPA_FORMAT_mediaType, 0).id(SpaIds.SPA_MEDIA_TYPE_video);
        b.prop(SpaIds.SPA_FORMAT_mediaSubtype, 0).id(SpaIds.SPA_MEDIA_SUBTYPE_raw);
        b.prop(SpaIds.SPA_FORMAT_VIDEO_format, 0).id(format);
        if (dmabufOnly) {
            b.prop(SpaIds.SPA_FORMAT_VIDEO_modifier,
                            SpaIds.SPA_POD_PROP_FLAG_MANDATORY | SpaIds.SPA_POD_PROP_FLAG_DONT_FIXATE)
                    .choiceEnumLong(SpaIds.DRM_FORMAT_MOD_LINEAR, SpaIds.DRM_FORMAT_MOD_LINEAR);
        }
        b.prop(SpaIds.SPA_FORMAT_VIDEO_size, 0).rectangle(width, height);
        b.prop(SpaIds.SPA_FORMAT_VIDEO_framerate, 0).fraction(0, 1);
        b.prop(SpaIds.SPA_FORMAT_VIDEO_maxFramerate, 0).choiceRangeFraction(rateNum, 1, 1, 1, rateNum, 1);
        return b.pop(obj);
    }

    /**
     * Buffers: {@code buffers} in [min, max] (default {@code preferred}), one data block each, of shared memory
     * ({@code MemFd}, or {@code MemPtr}); stride and size left to the producer unless given (0: unset).
     */
    public static int buffers(PodBuilder b, int preferred, int min, int max, int size, int stride,
                              boolean memPtrToo) {
        int obj = b.pushObject(SpaIds.SPA_TYPE_OBJECT_ParamBuffers, SpaIds.SPA_PARAM_Buffers);
        b.prop(SpaIds.SPA_PARAM_BUFFERS_buffers, 0).choiceRangeInt(preferred, min, max);
        b.prop(SpaIds.SPA_PARAM_BUFFERS_blocks, 0).int32Pod(1);
        if (size > 0) {
            b.prop(SpaIds.SPA_PARAM_BUFFERS_size, 0).int32Pod(size);
        }
        if (stride > 0) {
            b.prop(SpaIds.SPA_PARAM_BUFFERS_stride, 0).int32Pod(stride);
        }
        int types = 1 << SpaIds.SPA_DATA_MemFd;
        if (memPtrToo) {
            types |= 1 << SpaIds.SPA_DATA_MemPtr;
        }
        b.prop(SpaIds.SPA_PARAM_BUFFERS_dataType, 0).choiceFlagsInt(types);
        return b.pop(obj);
    }

    /** A metadata of fixed size, e.g. the header ({@code sizeof(struct spa_meta_header)}). */
    public static int meta(PodBuilder b, int metaType, int size) {
        int obj = b.pushObject(SpaIds.SPA_TYPE_OBJECT_ParamMeta, SpaIds.SPA_PARAM_Meta);
        b.prop(SpaIds.SPA_PARAM_META_type, 0).id(metaType);
        b.prop(SpaIds.SPA_PARAM_META_size, 0).int32Pod(size);
        return b.pop(obj);
    }

    /** A metadata whose size may range (damage: a number of regions; cursor: a bitmap size). */
    public static int metaRange(PodBuilder b, int metaType, int preferred, int min, int max) {
        int obj = b.pushObject(SpaIds.SPA_TYPE_OBJECT_ParamMeta, SpaIds.SPA_PARAM_Meta);
        b.prop(SpaIds.SPA_PARAM_META_type, 0).id(metaType);
        b.prop(SpaIds.SPA_PARAM_META_size, 0).choiceRangeInt(preferred, min, max);
        return b.pop(obj);
    }

    /** Metadata types for {@link #meta} and {@link #metaRange}. */
    public static final int META_HEADER = SpaIds.SPA_META_Header;
    public static final int META_VIDEO_CROP = SpaIds.SPA_META_VideoCrop;
    public static final int META_VIDEO_DAMAGE = SpaIds.SPA_META_VideoDamage;
    public static final int META_CURSOR = SpaIds.SPA_META_Cursor;

    public static final int HEADER_SIZE = (int) SpaLayouts.SPA_META_HEADER.byteSize();
    public static final int REGION_SIZE = (int) SpaLayouts.SPA_META_REGION.byteSize();

    /** {@code CURSOR_META_SIZE(w, h)}: cursor, bitmap header and w×h×4 pixels. */
    public static int cursorMetaSize(int width, int height) {
        return SpaLayouts.cursorMetaSize(width, height);
    }
}
