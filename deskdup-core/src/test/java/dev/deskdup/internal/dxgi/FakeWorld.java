package dev.deskdup.internal.dxgi;

import dev.deskdup.testing.SteppedClock;
import dev.deskdup.internal.os.NativeMemory;

import java.lang.foreign.Arena;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.deskdup.internal.dxgi.DxgiRotation.DXGI_MODE_ROTATION_IDENTITY;
import static dev.deskdup.internal.dxgi.DxgiRotation.DXGI_MODE_ROTATION_ROTATE180;
import static dev.deskdup.internal.dxgi.DxgiRotation.DXGI_MODE_ROTATION_ROTATE270;
import static dev.deskdup.internal.dxgi.DxgiRotation.DXGI_MODE_ROTATION_ROTATE90;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The simulated Windows side: the desktop image (unrotated, in texture space, in its DXGI format), the outputs and
 * their topology, a script of what AcquireNextFrame reports, knobs for every failure the real API has, every fake
 * COM object, and what the source did to them. The steady "auto" mode allocates nothing, so the allocation test
 * measures the source alone.
 */
final class FakeWorld implements AutoCloseable {

    static final MethodHandle RECORD_INT;
    static final MethodHandle RECORD_VOID;
    /** DPI_AWARENESS_CONTEXT_UNAWARE: what a thread starts with. */
    static final long DPI_UNAWARE = -1;

    static {
        try {
            var l = MethodHandles.lookup();
            RECORD_INT = l.findVirtual(FakeWorld.class, "recordInt", MethodType.methodType(int.class, Throwable.class));
            RECORD_VOID = l.findVirtual(FakeWorld.class, "recordVoid",
                    MethodType.methodType(void.class, Throwable.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Arena arena = Arena.ofShared();
    private final List<FakeCom> objects = new ArrayList<>();
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    final ArrayDeque<FakeEvent> script = new ArrayDeque<>();
    final SteppedClock clock = new SteppedClock();
    /** When the script is empty: false = time out, true = a new frame with one small dirty rect each time. */
    boolean autoFrames;

    // The desktop: what the output shows now, in texture space (unrotated).
    int width;
    int height;
    int rotation = DXGI_MODE_ROTATION_IDENTITY;
    int format = DxgiPixelFormat.DXGI_FORMAT_B8G8R8A8_UNORM;
    FakeD3d.Texture desktop;
    long frameNumber;
    long presentTime;
    /** Whether a frame is acquired and not yet released (the desktop texture may be used only then). */
    boolean frameHeld;

    // The monitors, in enumeration order; factories made before a topology change are not current.
    final List<FakeDxgi.Monitor> monitors = new ArrayList<>();
    int topology;

    // Knobs: failures as the real API has them.
    /** Answers of the next DuplicateOutput/DuplicateOutput1 calls before they succeed again. */
    final ArrayDeque<Integer> duplicateResults = new ArrayDeque<>();
    /** Answers of the next CreateDXGIFactory1 and D3D11CreateDevice calls. */
    final ArrayDeque<Integer> factoryResults = new ArrayDeque<>();
    final ArrayDeque<Integer> deviceResults = new ArrayDeque<>();
    /** Answers of the next CreateTexture2D calls. */
    final ArrayDeque<Integer> textureResults = new ArrayDeque<>();
    /** Answers of the next Map calls. */
    final ArrayDeque<Integer> mapResults = new ArrayDeque<>();
    /** Answers of the next ReleaseFrame calls. */
    final ArrayDeque<Integer> releaseResults = new ArrayDeque<>();
    /** When not 0: the next AcquireNextFrame answers it, once (settable from another thread than the capture's). */
    volatile int failNextAcquire;
    /** When not 0: every AcquireNextFrame answers it (a duplication that is lost again at once). */
    int acquireAlways;
    /** What GetDeviceRemovedReason of a removed device answers. */
    int removedReason = HResult.DXGI_ERROR_DEVICE_REMOVED;
    /** Whether outputs have IDXGIOutput5 (Windows 10 1703+). */
    boolean output5 = true;
    /** Each Map answers a new address (drivers may rename). */
    boolean remapOnMap;
    /** When not 0: the ModeDesc size the duplication reports, whatever the texture's (drivers may disagree). */
    int modeWidthOverride;
    int modeHeightOverride;
    /** GetFrameMoveRects answers MORE_DATA without asking for more (a misbehaving driver). */
    boolean endlessMoreData;

    // What the source did.
    int acquired;
    int releasedFrames;
    int moreDataAnswers;
    int copyResources;
    int texturesCreated;
    int duplicateCalls;
    int duplicateOutput1Calls;
    int duplicationsCreated;
    /** DuplicateOutput calls on an output of a factory made before the last topology change. */
    int staleDuplicateCalls;
    int dpiRefused;
    int deviceCreations;
    int factoriesCreated;
    int mapCalls;
    /** Boxes of CopySubresourceRegion since {@link #clearCopies()}: left, top, right, bottom (+ dstX, dstY). */
    int[] copies = new int[6 * 4096];
    int copyCount;
    /** The name of the output of each duplication made, in order. */
    final List<String> duplicatedOutputs = new ArrayList<>();

    // Threads: every context and duplication call is recorded; two at once is an error.
    private final Thread[] callThreads = new Thread[8];
    private int callThreadCount;
    private final AtomicInteger inCall = new AtomicInteger();
    /** The DPI awareness context of each thread as the fake user32 saw it set. */
    final ConcurrentHashMap<Thread, Long> dpiContexts = new ConcurrentHashMap<>();

    // GPU copies not yet executed: {srcId, dstId, left, top, right, bottom, dstX, dstY} each.
    private int[] pending = new int[8 * 256];
    private int pendingCount;
    final List<GuardedMapping> mappings = new ArrayList<>();

    FakeWorld(int width, int height) {
        resize(width, height, DXGI_MODE_ROTATION_IDENTITY, DxgiPixelFormat.DXGI_FORMAT_B8G8R8A8_UNORM);
        monitors.add(new FakeDxgi.Monitor("\\\\.\\DISPLAY1", 0));
        monitors.add(new FakeDxgi.Monitor("\\\\.\\DISPLAY2", 1));
    }

    long register(FakeCom c) {
        objects.add(c);
        return objects.size() - 1;
    }

    /** The fake behind a pointer the source passed (e.g. a texture to Map), via the id stored after its vtable. */
    FakeCom object(long ptr) {
        return objects.get((int) NativeMemory.ALL.get(java.lang.foreign.ValueLayout.JAVA_LONG, ptr + 8));
    }

    int idOf(FakeCom c) {
        return (int) NativeMemory.ALL.get(java.lang.foreign.ValueLayout.JAVA_LONG, c.ptr + 8);
    }

    void error(String message) {
        errors.add(message);
    }

    int recordInt(Throwable t) {
        errors.add("exception in upcall: " + t);
        return HResult.E_FAIL;
    }

    void recordVoid(Throwable t) {
        errors.add("exception in upcall: " + t);
    }

    // ---- threads -----------------------------------------------------------------------------------------------

    /** A context or duplication call starts on the current thread. */
    void enterCall(String what) {
        if (inCall.incrementAndGet() > 1) {
            error(what + " while another context or duplication call runs on another thread");
        }
        Thread t = Thread.currentThread();
        for (int i = 0; i < callThreadCount; i++) {
            if (callThreads[i] == t) {
                return;
            }
        }
        if (callThreadCount < callThreads.length) {
            callThreads[callThreadCount++] = t;
        }
    }

    void exitCall() {
        inCall.decrementAndGet();
    }

    /** Every thread that made a context or duplication call. */
    List<Thread> callThreads() {
        return List.of(java.util.Arrays.copyOf(callThreads, callThreadCount));
    }

    long dpiOf(Thread t) {
        return dpiContexts.getOrDefault(t, DPI_UNAWARE);
    }

    // ---- the desktop -------------------------------------------------------------------------------------------

    /** A new desktop texture ({@code w × h} unrotated, a mode change), painted with frame 0's pattern. */
    void resize(int w, int h, int rotation, int format) {
        width = w;
        height = h;
        this.rotation = rotation;
        this.format = format;
        desktop = new FakeD3d.Texture(this, null, w, h, w * 4, format, false);
        paint(0, 0, w, h);
    }

    /** Width of the desktop as the user sees it (output orientation). */
    int outputWidth() {
        return rotation == DXGI_MODE_ROTATION_ROTATE90 || rotation == DXGI_MODE_ROTATION_ROTATE270 ? height : width;
    }

    int outputHeight() {
        return rotation == DXGI_MODE_ROTATION_ROTATE90 || rotation == DXGI_MODE_ROTATION_ROTATE270 ? width : height;
    }

    /** The pixel the desktop shows at (x, y) after frame n painted it, as BGRA. */
    static int pattern(long n, int x, int y) {
        return 0xFF000000 | (int) (n * 0x9E3779B1L) ^ (x * 0x10001) ^ (y * 0x01000100);
    }

    /** Paints a texture-space rectangle with this frame's pattern (stored in the desktop's format). */
    void paint(int x, int y, int w, int h) {
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                desktop.memory.set(JAVA_INT, (long) j * desktop.pitch + 4L * i,
                        fromBgra(format, pattern(frameNumber, i, j)));
            }
        }
    }

    /** Applies a move: the desktop's (sx, sy, w, h) now also shows at (dx, dy) (texture space). */
    void move(int sx, int sy, int dx, int dy, int w, int h) {
        int[] tmp = new int[w * h];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                tmp[j * w + i] = desktop.memory.get(JAVA_INT, (long) (sy + j) * desktop.pitch + 4L * (sx + i));
            }
        }
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                desktop.memory.set(JAVA_INT, (long) (dy + j) * desktop.pitch + 4L * (dx + i), tmp[j * w + i]);
            }
        }
    }

    /**
     * What the user sees at (x, y) of the output, as BGRA: the texture pixel the rotation puts there (the mapping
     * of Microsoft's DesktopDuplication sample: at 90° a texture point (tx, ty) shows at (th - 1 - ty, tx)).
     */
    int desktopPixel(int x, int y) {
        int tx;
        int ty;
        switch (rotation) {
            case DXGI_MODE_ROTATION_ROTATE90 -> {
                tx = y;
                ty = height - 1 - x;
            }
            case DXGI_MODE_ROTATION_ROTATE180 -> {
                tx = width - 1 - x;
                ty = height - 1 - y;
            }
            case DXGI_MODE_ROTATION_ROTATE270 -> {
                tx = width - 1 - y;
                ty = x;
            }
            default -> {
                tx = x;
                ty = y;
            }
        }
        return toBgra(format, desktop.memory.get(JAVA_INT, (long) ty * desktop.pitch + 4L * tx));
    }

    /** A BGRA pixel stored in {@code format} (independent of the library's conversion, the inverse of it). */
    static int fromBgra(int format, int p) {
        return switch (format) {
            case DxgiPixelFormat.DXGI_FORMAT_R8G8B8A8_UNORM ->
                    (p & 0xFF00FF00) | ((p >>> 16) & 0xFF) | ((p & 0xFF) << 16);
            case DxgiPixelFormat.DXGI_FORMAT_R10G10B10A2_UNORM -> {
                int r = (p >>> 16) & 0xFF;
                int g = (p >>> 8) & 0xFF;
                int b = p & 0xFF;
                yield (3 << 30) | (ten(b) << 20) | (ten(g) << 10) | ten(r);
            }
            default -> p;
        };
    }

    private static int ten(int c8) {
        return (c8 << 2) | (c8 >>> 6);
    }

    static int toBgra(int format, int p) {
        return switch (format) {
            case DxgiPixelFormat.DXGI_FORMAT_R8G8B8A8_UNORM ->
                    (p & 0xFF00FF00) | ((p >>> 16) & 0xFF) | ((p & 0xFF) << 16);
            case DxgiPixelFormat.DXGI_FORMAT_R10G10B10A2_UNORM ->
                    0xFF000000 | (((p >>> 2) & 0xFF) << 16) | (((p >>> 12) & 0xFF) << 8) | ((p >>> 22) & 0xFF);
            default -> p;
        };
    }

    // ---- topology ----------------------------------------------------------------------------------------------

    FakeDxgi.Monitor monitor(String name) {
        for (FakeDxgi.Monitor o : monitors) {
            if (o.name.equals(name)) {
                return o;
            }
        }
        throw new IllegalArgumentException(name);
    }

    /** The output leaves the desktop (unplugged or disabled): factories made before are no longer current. */
    void detach(String name) {
        monitor(name).attached = false;
        topology++;
    }

    void reattach(String name) {
        monitor(name).attached = true;
        topology++;
    }

    /** Outputs are enumerated in the opposite order from now on (indices change, names do not). */
    void reverseOutputs() {
        Collections.reverse(monitors);
        topology++;
    }

    /** Every device made so far is removed (a TDR or driver update). */
    void removeDevices() {
        for (FakeCom c : objects) {
            if (c instanceof FakeD3d.Device dev) {
                dev.removed = true;
            }
        }
    }

    // ---- the GPU -----------------------------------------------------------------------------------------------

    /** Queues a copy; it runs when the destination is mapped or the next frame is acquired, as on a GPU. */
    void queueCopy(FakeD3d.Texture src, int l, int t, int r, int b, FakeD3d.Texture dst, int dx, int dy) {
        if (8 * (pendingCount + 1) > pending.length) {
            pending = java.util.Arrays.copyOf(pending, pending.length * 2);
        }
        int o = 8 * pendingCount++;
        pending[o] = idOf(src);
        pending[o + 1] = idOf(dst);
        pending[o + 2] = l;
        pending[o + 3] = t;
        pending[o + 4] = r;
        pending[o + 5] = b;
        pending[o + 6] = dx;
        pending[o + 7] = dy;
    }

    /** Runs every queued copy, in order. */
    void flushCopies() {
        for (int i = 0; i < pendingCount; i++) {
            int o = 8 * i;
            FakeD3d.Texture s = (FakeD3d.Texture) objects.get(pending[o]);
            FakeD3d.Texture d = (FakeD3d.Texture) objects.get(pending[o + 1]);
            int w = pending[o + 4] - pending[o + 2];
            for (int j = pending[o + 3]; j < pending[o + 5]; j++) {
                java.lang.foreign.MemorySegment.copy(s.memory, (long) j * s.pitch + 4L * pending[o + 2], d.memory,
                        (long) (pending[o + 7] + j - pending[o + 3]) * d.pitch + 4L * pending[o + 6], 4L * w);
            }
        }
        pendingCount = 0;
    }

    void logCopy(int left, int top, int right, int bottom, int dstX, int dstY) {
        if (6 * (copyCount + 1) <= copies.length) {
            int o = 6 * copyCount;
            copies[o] = left;
            copies[o + 1] = top;
            copies[o + 2] = right;
            copies[o + 3] = bottom;
            copies[o + 4] = dstX;
            copies[o + 5] = dstY;
        }
        copyCount++;
    }

    void clearCopies() {
        copyCount = 0;
        copyResources = 0;
    }

    /** The logged copy boxes (source, texture space) as {@code x, y, w, h} strings, for assertions. */
    List<String> copyBoxes() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(copyCount, copies.length / 6); i++) {
            int o = 6 * i;
            out.add(copies[o] + "," + copies[o + 1] + "," + (copies[o + 2] - copies[o]) + ","
                    + (copies[o + 3] - copies[o + 1]));
        }
        return out;
    }

    List<FakeD3d.Texture> stagingTextures() {
        List<FakeD3d.Texture> out = new ArrayList<>();
        for (FakeCom c : objects) {
            if (c instanceof FakeD3d.Texture t && t.staging) {
                out.add(t);
            }
        }
        return out;
    }

    /** Whether {@code [address, address + size)} touches memory any staging texture was ever mapped at. */
    boolean overlapsMappedMemory(long address, long size) {
        for (GuardedMapping m : mappings) {
            if (m.overlapsCpuView(address, size)) {
                return true;
            }
        }
        return false;
    }

    /** Fakes that still hold references. */
    List<FakeCom> leaked() {
        List<FakeCom> out = new ArrayList<>();
        for (FakeCom c : objects) {
            if (c.refs != 0) {
                out.add(c);
            }
        }
        return out;
    }

    @Override
    public void close() {
        for (GuardedMapping m : mappings) {
            m.close();
        }
        arena.close();
    }
}
