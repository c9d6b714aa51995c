package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The simulated Windows side: the desktop image, a script of what AcquireNextFrame reports, every fake COM object,
 * and what the source did to them (copies, acquires, releases, errors). Pixel and script work in the steady
 * "auto" mode allocates nothing, so the allocation test measures the source alone.
 */
final class FakeWorld implements AutoCloseable {

    static final MethodHandle RECORD_INT;
    static final MethodHandle RECORD_VOID;

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
    /** When the script is empty: false = time out, true = a new frame with one small dirty rect each time. */
    boolean autoFrames;

    // The desktop: what the output shows now.
    int width;
    int height;
    FakeD3d.Texture desktop;
    long frameNumber;
    long presentTime;

    // What the source did.
    int acquired;
    int releasedFrames;
    int moreDataAnswers;
    int copyResources;
    int texturesCreated;
    int duplicationsCreated;
    int deviceCreations;
    /** Boxes of CopySubresourceRegion since {@link #clearCopies()}: left, top, right, bottom (+ dstX, dstY). */
    int[] copies = new int[6 * 4096];
    int copyCount;

    // Knobs of the script.
    int denyDuplications;
    /** The monitors were unplugged: EnumOutputs finds none. */
    boolean outputsGone;
    boolean dpiAwarenessSet;

    final FakeDxgi.Factory factory;

    FakeWorld(int width, int height) {
        resize(width, height);
        factory = new FakeDxgi.Factory(this);
    }

    long register(FakeCom c) {
        objects.add(c);
        return objects.size() - 1;
    }

    /** The fake behind a pointer the source passed (e.g. a texture to Map), via the id stored after its vtable. */
    FakeCom object(long ptr) {
        return objects.get((int) NativeMemory.ALL.get(java.lang.foreign.ValueLayout.JAVA_LONG, ptr + 8));
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

    /** A new desktop texture of this size (a mode change), painted with frame 0's pattern. */
    void resize(int w, int h) {
        width = w;
        height = h;
        desktop = new FakeD3d.Texture(this, w, h, w * 4, false);
        paint(0, 0, w, h);
    }

    /** The pixel the desktop shows at (x, y) after frame n painted it. */
    static int pattern(long n, int x, int y) {
        return 0xFF000000 | (int) (n * 0x9E3779B1L) ^ (x * 0x10001) ^ (y * 0x01000100);
    }

    void paint(int x, int y, int w, int h) {
        MemorySegment m = desktop.memory;
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                m.set(JAVA_INT, (long) j * desktop.pitch + 4L * i, pattern(frameNumber, i, j));
            }
        }
    }

    /** Applies a move: the desktop's (sx, sy, w, h) now also shows at (dx, dy). */
    void move(int sx, int sy, int dx, int dy, int w, int h) {
        int[] tmp = new int[w * h];
        MemorySegment m = desktop.memory;
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                tmp[j * w + i] = m.get(JAVA_INT, (long) (sy + j) * desktop.pitch + 4L * (sx + i));
            }
        }
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                m.set(JAVA_INT, (long) (dy + j) * desktop.pitch + 4L * (dx + i), tmp[j * w + i]);
            }
        }
    }

    int desktopPixel(int x, int y) {
        return desktop.memory.get(JAVA_INT, (long) y * desktop.pitch + 4L * x);
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

    /** The logged copy boxes as {@code x, y, w, h} strings, for assertions. */
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
        arena.close();
    }
}
