package dev.deskdup.internal.pipewire;

/**
 * The SPA enum values deskdup uses (types, params, format keys, video formats, metadata and data types), each
 * named as in the headers and checked against them by {@code PipeWireAbiTest}.
 */
final class SpaIds {

    private SpaIds() {
    }

    // spa/utils/type.h: pod types
    static final int SPA_TYPE_None = 1, SPA_TYPE_Bool = 2, SPA_TYPE_Id = 3, SPA_TYPE_Int = 4, SPA_TYPE_Long = 5,
            SPA_TYPE_Float = 6, SPA_TYPE_Double = 7, SPA_TYPE_String = 8, SPA_TYPE_Bytes = 9,
            SPA_TYPE_Rectangle = 10, SPA_TYPE_Fraction = 11, SPA_TYPE_Bitmap = 12, SPA_TYPE_Array = 13,
            SPA_TYPE_Struct = 14, SPA_TYPE_Object = 15, SPA_TYPE_Sequence = 16, SPA_TYPE_Pointer = 17,
            SPA_TYPE_Fd = 18, SPA_TYPE_Choice = 19, SPA_TYPE_Pod = 20;
    // object types
    static final int SPA_TYPE_OBJECT_Format = 0x40003, SPA_TYPE_OBJECT_ParamBuffers = 0x40004,
            SPA_TYPE_OBJECT_ParamMeta = 0x40005;

    // spa/pod/pod.h: choice types and property flags
    static final int SPA_CHOICE_None = 0, SPA_CHOICE_Range = 1, SPA_CHOICE_Step = 2, SPA_CHOICE_Enum = 3,
            SPA_CHOICE_Flags = 4;
    static final int SPA_POD_PROP_FLAG_MANDATORY = 1 << 3, SPA_POD_PROP_FLAG_DONT_FIXATE = 1 << 4;

    // spa/param/param.h: param ids
    static final int SPA_PARAM_EnumFormat = 3, SPA_PARAM_Format = 4, SPA_PARAM_Buffers = 5, SPA_PARAM_Meta = 6;
    static final int SPA_PARAM_BUFFERS_buffers = 1, SPA_PARAM_BUFFERS_blocks = 2, SPA_PARAM_BUFFERS_size = 3,
            SPA_PARAM_BUFFERS_stride = 4, SPA_PARAM_BUFFERS_align = 5, SPA_PARAM_BUFFERS_dataType = 6;
    static final int SPA_PARAM_META_type = 1, SPA_PARAM_META_size = 2;

    // spa/param/format.h: format keys
    static final int SPA_FORMAT_mediaType = 1, SPA_FORMAT_mediaSubtype = 2;
    static final int SPA_FORMAT_VIDEO_format = 0x20001, SPA_FORMAT_VIDEO_modifier = 0x20002,
            SPA_FORMAT_VIDEO_size = 0x20003, SPA_FORMAT_VIDEO_framerate = 0x20004,
            SPA_FORMAT_VIDEO_maxFramerate = 0x20005;
    static final int SPA_MEDIA_TYPE_video = 2, SPA_MEDIA_SUBTYPE_raw = 1;

    // spa/param/video/raw.h: the 32-bit formats deskdup accepts (and ARGB/ABGR for cursor bitmaps)
    static final int SPA_VIDEO_FORMAT_RGBx = 7, SPA_VIDEO_FORMAT_BGRx = 8, SPA_VIDEO_FORMAT_xRGB = 9,
            SPA_VIDEO_FORMAT_xBGR = 10, SPA_VIDEO_FORMAT_RGBA = 11, SPA_VIDEO_FORMAT_BGRA = 12,
            SPA_VIDEO_FORMAT_ARGB = 13, SPA_VIDEO_FORMAT_ABGR = 14;

    // spa/buffer/meta.h and buffer.h
    static final int SPA_META_Header = 1, SPA_META_VideoCrop = 2, SPA_META_VideoDamage = 3, SPA_META_Bitmap = 4,
            SPA_META_Cursor = 5;
    static final int SPA_META_HEADER_FLAG_DISCONT = 1 << 0, SPA_META_HEADER_FLAG_CORRUPTED = 1 << 1;
    static final int SPA_DATA_MemPtr = 1, SPA_DATA_MemFd = 2, SPA_DATA_DmaBuf = 3;
    static final int SPA_CHUNK_FLAG_CORRUPTED = 1 << 0;

    // pipewire/stream.h, pipewire/port.h, pipewire/core.h
    static final int PW_DIRECTION_INPUT = 0, PW_DIRECTION_OUTPUT = 1;
    static final int PW_ID_ANY = 0xffffffff;
    static final int PW_STREAM_FLAG_AUTOCONNECT = 1 << 0, PW_STREAM_FLAG_DRIVER = 1 << 3,
            PW_STREAM_FLAG_MAP_BUFFERS = 1 << 2, PW_STREAM_FLAG_ALLOC_BUFFERS = 1 << 8;
    static final int PW_STREAM_STATE_ERROR = -1, PW_STREAM_STATE_UNCONNECTED = 0, PW_STREAM_STATE_CONNECTING = 1,
            PW_STREAM_STATE_PAUSED = 2, PW_STREAM_STATE_STREAMING = 3;

    /** DRM_FORMAT_MOD_INVALID (drm_fourcc.h), as PipeWire uses it for "implicit modifier". */
    static final long DRM_FORMAT_MOD_INVALID = 0x00ffffffffffffffL;
    static final long DRM_FORMAT_MOD_LINEAR = 0;

    static String videoFormatName(int format) {
        return switch (format) {
            case SPA_VIDEO_FORMAT_RGBx -> "RGBx";
            case SPA_VIDEO_FORMAT_BGRx -> "BGRx";
            case SPA_VIDEO_FORMAT_xRGB -> "xRGB";
            case SPA_VIDEO_FORMAT_xBGR -> "xBGR";
            case SPA_VIDEO_FORMAT_RGBA -> "RGBA";
            case SPA_VIDEO_FORMAT_BGRA -> "BGRA";
            case SPA_VIDEO_FORMAT_ARGB -> "ARGB";
            case SPA_VIDEO_FORMAT_ABGR -> "ABGR";
            default -> "format#" + format;
        };
    }
}
