package dev.deskdup.cli.serve;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * libturbojpeg (libjpeg-turbo's TurboJPEG API, Debian package {@code libturbojpeg0}) through FFM: BGRX pixels are
 * compressed straight from the frame's memory with its row pitch, into a buffer we own (no realloc by the library).
 * Optional: when the library is missing, {@link #isAvailable()} is false and {@link JpegEncoder#best()} uses ImageIO.
 * One instance (one {@code tjhandle}) per thread: a handle must not be used by two threads at once.
 */
final class TurboJpeg implements JpegEncoder {

    static final String LIBRARY = "libturbojpeg.so.0";

    /** TJPF_BGRX: B, G, R, X bytes from the lowest address, X ignored: deskdup's BGRA. */
    private static final int TJPF_BGRX = 3;
    /** TJSAMP_420: chroma halved both ways, what browsers decode fastest and video uses. */
    private static final int TJSAMP_420 = 2;
    /** TJFLAG_NOREALLOC: write only into the buffer given (sized with tjBufSize). */
    private static final int TJFLAG_NOREALLOC = 1024;
    /** TJFLAG_FASTDCT: the fast integer DCT, a little less exact, noticeably cheaper. */
    private static final int TJFLAG_FASTDCT = 2048;

    private static final String UNAVAILABLE;
    /** tjhandle tjInitCompress(void); */
    private static final MethodHandle TJ_INIT_COMPRESS;
    /**
     * int tjCompress2(tjhandle handle, const unsigned char *srcBuf, int width, int pitch, int height,
     * int pixelFormat, unsigned char **jpegBuf, unsigned long *jpegSize, int jpegSubsamp, int jpegQual, int flags);
     */
    private static final MethodHandle TJ_COMPRESS2;
    /** unsigned long tjBufSize(int width, int height, int jpegSubsamp); */
    private static final MethodHandle TJ_BUF_SIZE;
    /** int tjDestroy(tjhandle handle); */
    private static final MethodHandle TJ_DESTROY;
    /** char *tjGetErrorStr2(tjhandle handle); */
    private static final MethodHandle TJ_GET_ERROR_STR2;

    static {
        MethodHandle init = null;
        MethodHandle compress = null;
        MethodHandle bufSize = null;
        MethodHandle destroy = null;
        MethodHandle error = null;
        String unavailable = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lib = SymbolLookup.libraryLookup(LIBRARY, Arena.global());
            init = linker.downcallHandle(lib.findOrThrow("tjInitCompress"), FunctionDescriptor.of(ADDRESS));
            compress = linker.downcallHandle(lib.findOrThrow("tjCompress2"), FunctionDescriptor.of(JAVA_INT,
                    ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT,
                    JAVA_INT));
            bufSize = linker.downcallHandle(lib.findOrThrow("tjBufSize"),
                    FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT));
            destroy = linker.downcallHandle(lib.findOrThrow("tjDestroy"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
            error = linker.downcallHandle(lib.findOrThrow("tjGetErrorStr2"),
                    FunctionDescriptor.of(ADDRESS.withTargetLayout(
                            java.lang.foreign.MemoryLayout.sequenceLayout(1024, ValueLayout.JAVA_BYTE)), ADDRESS));
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            unavailable = LIBRARY + " not found (" + e.getMessage() + "); install it: apt-get install libturbojpeg0";
        }
        UNAVAILABLE = unavailable;
        TJ_INIT_COMPRESS = init;
        TJ_COMPRESS2 = compress;
        TJ_BUF_SIZE = bufSize;
        TJ_DESTROY = destroy;
        TJ_GET_ERROR_STR2 = error;
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment handle;
    /** unsigned char *: where tjCompress2 writes; we point it at dst for each call. */
    private final MemorySegment jpegBuf = arena.allocate(ADDRESS);
    /** unsigned long: dst's capacity in, the JPEG's length out. */
    private final MemorySegment jpegSize = arena.allocate(JAVA_LONG);
    private volatile boolean closed;

    TurboJpeg() {
        if (UNAVAILABLE != null) {
            arena.close();
            throw new IllegalStateException(UNAVAILABLE);
        }
        try {
            handle = (MemorySegment) TJ_INIT_COMPRESS.invokeExact();
        } catch (Throwable t) {
            arena.close();
            throw new IllegalStateException("tjInitCompress failed: " + t, t);
        }
        if (handle.equals(MemorySegment.NULL)) {
            arena.close();
            throw new IllegalStateException("tjInitCompress returned NULL (out of memory?)");
        }
    }

    static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    /** Why the library cannot be used, or null when it can. */
    static String unavailableReason() {
        return UNAVAILABLE;
    }

    @Override
    public long maxSize(int width, int height) {
        try {
            return (long) TJ_BUF_SIZE.invokeExact(width, height, TJSAMP_420);
        } catch (Throwable t) {
            throw new IllegalStateException("tjBufSize failed: " + t, t);
        }
    }

    @Override
    public int encode(MemorySegment src, long srcOffset, int width, int height, int pitch, int quality,
                      MemorySegment dst) {
        long capacity = maxSize(width, height);
        if (dst.byteSize() < capacity) {
            throw new IllegalArgumentException("dst.byteSize=" + dst.byteSize() + " < tjBufSize=" + capacity
                    + " for " + width + "x" + height);
        }
        long needed = srcOffset + (long) pitch * (height - 1) + (long) width * 4;
        if (srcOffset < 0 || needed > src.byteSize()) {
            throw new IndexOutOfBoundsException("rect " + width + "x" + height + " at offset " + srcOffset
                    + " pitch " + pitch + " needs " + needed + " bytes of a " + src.byteSize() + "-byte frame");
        }
        jpegBuf.set(ADDRESS, 0, dst);
        jpegSize.set(JAVA_LONG, 0, capacity);
        int rc;
        try {
            rc = (int) TJ_COMPRESS2.invokeExact(handle, src.asSlice(srcOffset), width, pitch, height, TJPF_BGRX,
                    jpegBuf, jpegSize, TJSAMP_420, quality, TJFLAG_NOREALLOC | TJFLAG_FASTDCT);
        } catch (Throwable t) {
            throw new IllegalStateException("tjCompress2 failed: " + t, t);
        }
        if (rc != 0) {
            throw new IllegalStateException("tjCompress2 failed for " + width + "x" + height + " quality=" + quality
                    + ": " + errorText());
        }
        return (int) jpegSize.get(JAVA_LONG, 0);
    }

    private String errorText() {
        try {
            MemorySegment s = (MemorySegment) TJ_GET_ERROR_STR2.invokeExact(handle);
            return s.equals(MemorySegment.NULL) ? "(no message)" : s.getString(0);
        } catch (Throwable t) {
            return "(tjGetErrorStr2 failed: " + t + ")";
        }
    }

    @Override
    public String name() {
        return "libturbojpeg";
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int ignored = (int) TJ_DESTROY.invokeExact(handle);
        } catch (Throwable ignored) {
            // nothing more to free on our side
        } finally {
            arena.close();
        }
    }
}
