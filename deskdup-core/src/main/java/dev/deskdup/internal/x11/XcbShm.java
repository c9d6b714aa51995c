package dev.deskdup.internal.x11;

import dev.deskdup.internal.os.NativeLibrary;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * libxcb-shm (shm.h): MIT-SHM, the X server writing images straight into memory we share with it.
 * Cookies are {@code JAVA_INT} and frame-path pointers {@code JAVA_LONG}; see {@link Xcb} for why.
 */
public final class XcbShm {

    private XcbShm() {
    }

    /** The library; capture needs it. */
    static final NativeLibrary LIB = NativeLibrary.required("apt-get install libxcb-shm0 / dnf install libxcb", "libxcb-shm.so.0", "libxcb-shm.so");

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        return LIB.function(name, fd);
    }

    /** extern xcb_extension_t xcb_shm_id; */
    public static final MemorySegment EXTENSION_ID = LIB.symbol("xcb_shm_id");

    /** xcb_shm_query_version_reply_t */
    public static final StructLayout QUERY_VERSION_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("shared_pixmaps"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_SHORT.withName("major_version"), JAVA_SHORT.withName("minor_version"),
            JAVA_SHORT.withName("uid"), JAVA_SHORT.withName("gid"), JAVA_BYTE.withName("pixmap_format"),
            MemoryLayout.sequenceLayout(15, JAVA_BYTE).withName("pad0"));
    public static final long VERSION_MAJOR = QUERY_VERSION_REPLY_T.byteOffset(groupElement("major_version"));
    public static final long VERSION_MINOR = QUERY_VERSION_REPLY_T.byteOffset(groupElement("minor_version"));

    /** xcb_shm_get_image_reply_t */
    public static final StructLayout GET_IMAGE_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("depth"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_INT.withName("visual"), JAVA_INT.withName("size"));
    public static final long IMAGE_SIZE = GET_IMAGE_REPLY_T.byteOffset(groupElement("size"));

    /** The first error code of MIT-SHM is BadSeg. */
    public static final int BAD_SEG = 0;

    /** xcb_shm_query_version_cookie_t xcb_shm_query_version(xcb_connection_t *c); */
    public static final MethodHandle QUERY_VERSION = fn("xcb_shm_query_version", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** xcb_void_cookie_t xcb_shm_attach_fd_checked(c, xcb_shm_seg_t shmseg, int32_t shm_fd, uint8_t read_only); */
    public static final MethodHandle ATTACH_FD_CHECKED = fn("xcb_shm_attach_fd_checked",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_BYTE));
    /** xcb_void_cookie_t xcb_shm_attach_checked(c, xcb_shm_seg_t shmseg, uint32_t shmid, uint8_t read_only); */
    public static final MethodHandle ATTACH_CHECKED = fn("xcb_shm_attach_checked",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_BYTE));
    /** xcb_void_cookie_t xcb_shm_detach(c, xcb_shm_seg_t shmseg); (unchecked: an error would be an ignored event) */
    public static final MethodHandle DETACH = fn("xcb_shm_detach", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /**
     * xcb_shm_get_image_cookie_t xcb_shm_get_image(c, xcb_drawable_t drawable, int16_t x, int16_t y,
     * uint16_t width, uint16_t height, uint32_t plane_mask, uint8_t format, xcb_shm_seg_t shmseg, uint32_t offset);
     */
    public static final MethodHandle GET_IMAGE = fn("xcb_shm_get_image",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT,
                    JAVA_INT, JAVA_BYTE, JAVA_INT, JAVA_INT));
}
