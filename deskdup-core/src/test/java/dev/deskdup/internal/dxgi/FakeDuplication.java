package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeMemory;

import java.lang.foreign.MemorySegment;

import static dev.deskdup.internal.dxgi.DxgiLayouts.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One fake IDXGIOutputDuplication, answering AcquireNextFrame from the world's script. Lost (ACCESS_LOST for good)
 * after an ACCESS_LOST, a mode change or a device removal. Rectangles are reported in texture space, the mode in
 * desktop orientation, and the pointer position only while the pointer is visible, as the real API does.
 */
final class FakeDuplication extends FakeCom {

    private static final int[] EMPTY = new int[0];
    /** Where an invisible pointer's position field points: nonsense the source must not use. */
    private static final int INVALID_POSITION = -31337;

    final FakeDxgi.Monitor output;
    final FakeD3d.Device device;
    private final FakeDxgi.Resource resource;
    private boolean lost;
    private boolean holding;
    private int[] dirty = EMPTY;
    private int[] moves = EMPTY;
    private FakeShape shape;

    FakeDuplication(FakeWorld w, FakeDxgi.Monitor output, FakeD3d.Device device) {
        super(w, "IDXGIOutputDuplication", 15);
        this.output = output;
        this.device = device;
        resource = new FakeDxgi.Resource(w);
        install(IDXGIOutputDuplication.GET_DESC, "getDesc");
        install(IDXGIOutputDuplication.ACQUIRE_NEXT_FRAME, "acquireNextFrame");
        install(IDXGIOutputDuplication.GET_FRAME_DIRTY_RECTS, "getFrameDirtyRects");
        install(IDXGIOutputDuplication.GET_FRAME_MOVE_RECTS, "getFrameMoveRects");
        install(IDXGIOutputDuplication.GET_FRAME_POINTER_SHAPE, "getFramePointerShape");
        install(IDXGIOutputDuplication.RELEASE_FRAME, "releaseFrame");
    }

    void getDesc(long self, long desc) {
        MemorySegment d = FakeDxgi.at(desc, DXGI_OUTDUPL_DESC.byteSize());
        d.fill((byte) 0);
        d.set(JAVA_INT, DD_WIDTH, world.modeWidthOverride != 0 ? world.modeWidthOverride : world.outputWidth());
        d.set(JAVA_INT, DD_HEIGHT, world.modeHeightOverride != 0 ? world.modeHeightOverride : world.outputHeight());
        d.set(JAVA_INT, DD_FORMAT, DxgiPixelFormat.DXGI_FORMAT_B8G8R8A8_UNORM);
        d.set(JAVA_INT, DD_ROTATION, world.rotation);
    }

    int acquireNextFrame(long self, int millis, long info, long out) {
        world.enterCall("AcquireNextFrame");
        try {
            NativeMemory.ALL.set(JAVA_LONG, out, 0);
            if (holding) {
                world.error("AcquireNextFrame while a frame is held (ReleaseFrame missing)");
                return HResult.DXGI_ERROR_INVALID_CALL;
            }
            if (lost || device.removed) {
                lost = true;
                return HResult.DXGI_ERROR_ACCESS_LOST;
            }
            int once = world.failNextAcquire;
            if (once != 0) {
                world.failNextAcquire = 0;
                lost |= once == HResult.DXGI_ERROR_ACCESS_LOST;
                return once;
            }
            if (world.acquireAlways != 0) {
                lost |= world.acquireAlways == HResult.DXGI_ERROR_ACCESS_LOST;
                return world.acquireAlways;
            }
            world.flushCopies(); // the GPU finished the last frame's copies before the desktop moves on
            for (long o = 0; o < DXGI_OUTDUPL_FRAME_INFO.byteSize(); o += 4) {
                NativeMemory.ALL.set(JAVA_INT, info + o, 0);
            }
            FakeEvent e = world.script.poll();
            if (e == null) {
                return world.autoFrames ? autoFrame(info, out) : timeout(millis);
            }
            return switch (e) {
                case FakeEvent.Timeout t -> timeout(millis);
                case FakeEvent.Fail f -> {
                    lost |= f.hresult() == HResult.DXGI_ERROR_ACCESS_LOST;
                    if (HResult.deviceLost(f.hresult())) {
                        world.removeDevices();
                        lost = true;
                    }
                    yield f.hresult();
                }
                case FakeEvent.ModeChange m -> {
                    lost = true;
                    world.resize(m.width(), m.height(), m.rotation(), m.format());
                    yield HResult.DXGI_ERROR_ACCESS_LOST;
                }
                case FakeEvent.Image img -> image(info, out, img);
                case FakeEvent.PointerOnly p -> {
                    dirty = EMPTY;
                    moves = EMPTY;
                    pointer(info, p.pointer());
                    yield handOutFrame(out);
                }
            };
        } finally {
            world.exitCall();
        }
    }

    private int timeout(int millis) {
        world.clock.advanceMillis(millis);
        return HResult.DXGI_ERROR_WAIT_TIMEOUT;
    }

    private int image(long fi, long out, FakeEvent.Image img) {
        world.frameNumber++;
        moves = new int[6 * img.moves().size()];
        for (int i = 0; i < img.moves().size(); i++) {
            int[] m = img.moves().get(i);
            world.move(m[0], m[1], m[2], m[3], m[4], m[5]);
            System.arraycopy(m, 0, moves, 6 * i, 6);
        }
        dirty = new int[4 * img.dirty().size()];
        for (int i = 0; i < img.dirty().size(); i++) {
            int[] r = img.dirty().get(i);
            world.paint(r[0], r[1], r[2], r[3]);
            System.arraycopy(r, 0, dirty, 4 * i, 4);
        }
        NativeMemory.ALL.set(JAVA_LONG, fi + FI_LAST_PRESENT_TIME, ++world.presentTime);
        NativeMemory.ALL.set(JAVA_INT, fi + FI_ACCUMULATED_FRAMES, img.accumulatedFrames());
        int metadata = dirty.length / 4 * (int) RECT.byteSize() + moves.length / 6
                * (int) DXGI_OUTDUPL_MOVE_RECT.byteSize();
        NativeMemory.ALL.set(JAVA_INT, fi + FI_TOTAL_METADATA_BUFFER_SIZE, img.metadata() ? metadata : 0);
        if (!img.metadata()) {
            dirty = EMPTY;
            moves = EMPTY;
        }
        pointer(fi, img.pointer());
        return handOutFrame(out);
    }

    private void pointer(long fi, FakeEvent.Pointer p) {
        shape = p == null ? null : p.shape();
        if (p != null) {
            NativeMemory.ALL.set(JAVA_LONG, fi + FI_LAST_MOUSE_UPDATE_TIME, ++world.presentTime);
            NativeMemory.ALL.set(JAVA_INT, fi + FI_POINTER_X, p.visible() ? p.x() : INVALID_POSITION);
            NativeMemory.ALL.set(JAVA_INT, fi + FI_POINTER_Y, p.visible() ? p.y() : INVALID_POSITION);
            NativeMemory.ALL.set(JAVA_INT, fi + FI_POINTER_VISIBLE, p.visible() ? 1 : 0);
        }
        NativeMemory.ALL.set(JAVA_INT, fi + FI_POINTER_SHAPE_BUFFER_SIZE, shape == null ? 0 : shape.bytes().length);
    }

    /** Steady state: one 16x16 dirty rect per frame, moving around; allocates nothing. */
    private int autoFrame(long fi, long out) {
        long n = ++world.frameNumber;
        if (dirty.length != 4) {
            dirty = new int[4];
        }
        moves = EMPTY;
        dirty[0] = (int) ((n * 37) % (world.width - 16));
        dirty[1] = (int) ((n * 23) % (world.height - 16));
        dirty[2] = 16;
        dirty[3] = 16;
        world.paint(dirty[0], dirty[1], 16, 16);
        shape = null;
        NativeMemory.ALL.set(JAVA_LONG, fi + FI_LAST_PRESENT_TIME, ++world.presentTime);
        NativeMemory.ALL.set(JAVA_INT, fi + FI_ACCUMULATED_FRAMES, 1);
        NativeMemory.ALL.set(JAVA_INT, fi + FI_TOTAL_METADATA_BUFFER_SIZE, (int) RECT.byteSize());
        return handOutFrame(out);
    }

    private int handOutFrame(long out) {
        holding = true;
        world.frameHeld = true;
        world.acquired++;
        put(out, resource);
        return HResult.S_OK;
    }

    int getFrameDirtyRects(long self, int size, long buffer, long required) {
        int n = dirty.length / 4;
        int need = n * (int) RECT.byteSize();
        NativeMemory.ALL.set(JAVA_INT, required, need);
        if (!holding) {
            world.error("GetFrameDirtyRects without a frame");
        }
        if (size < need) {
            world.moreDataAnswers++;
            return HResult.DXGI_ERROR_MORE_DATA;
        }
        for (int i = 0; i < n; i++) {
            long r = buffer + i * RECT.byteSize();
            rect(r, dirty[4 * i], dirty[4 * i + 1], dirty[4 * i + 2], dirty[4 * i + 3]);
        }
        return HResult.S_OK;
    }

    private static void rect(long r, int x, int y, int w, int h) {
        NativeMemory.ALL.set(JAVA_INT, r + RECT_LEFT, x);
        NativeMemory.ALL.set(JAVA_INT, r + RECT_TOP, y);
        NativeMemory.ALL.set(JAVA_INT, r + RECT_RIGHT, x + w);
        NativeMemory.ALL.set(JAVA_INT, r + RECT_BOTTOM, y + h);
    }

    int getFrameMoveRects(long self, int size, long buffer, long required) {
        int n = moves.length / 6;
        int need = n * (int) DXGI_OUTDUPL_MOVE_RECT.byteSize();
        if (!holding) {
            world.error("GetFrameMoveRects without a frame");
        }
        if (world.endlessMoreData) {
            NativeMemory.ALL.set(JAVA_INT, required, size); // "more", but no more than it has: a broken driver
            world.moreDataAnswers++;
            return HResult.DXGI_ERROR_MORE_DATA;
        }
        NativeMemory.ALL.set(JAVA_INT, required, need);
        if (size < need) {
            world.moreDataAnswers++;
            return HResult.DXGI_ERROR_MORE_DATA;
        }
        for (int i = 0; i < n; i++) {
            long m = buffer + i * DXGI_OUTDUPL_MOVE_RECT.byteSize();
            int[] v = moves;
            NativeMemory.ALL.set(JAVA_INT, m + MOVE_SOURCE_X, v[6 * i]);
            NativeMemory.ALL.set(JAVA_INT, m + MOVE_SOURCE_Y, v[6 * i + 1]);
            rect(m + MOVE_DEST, v[6 * i + 2], v[6 * i + 3], v[6 * i + 4], v[6 * i + 5]);
        }
        return HResult.S_OK;
    }

    int getFramePointerShape(long self, int size, long buffer, long required, long info) {
        if (!holding) {
            world.error("GetFramePointerShape without a frame");
        }
        if (shape == null) {
            world.error("GetFramePointerShape called although the shape did not change");
            return HResult.DXGI_ERROR_INVALID_CALL;
        }
        byte[] b = shape.bytes();
        NativeMemory.ALL.set(JAVA_INT, required, b.length);
        if (size < b.length) {
            world.moreDataAnswers++;
            return HResult.DXGI_ERROR_MORE_DATA;
        }
        MemorySegment.copy(MemorySegment.ofArray(b), 0, NativeMemory.ALL, buffer, b.length);
        MemorySegment si = FakeDxgi.at(info, DXGI_OUTDUPL_POINTER_SHAPE_INFO.byteSize());
        si.set(JAVA_INT, PS_TYPE, shape.type());
        si.set(JAVA_INT, PS_WIDTH, shape.width());
        si.set(JAVA_INT, PS_HEIGHT, shape.height());
        si.set(JAVA_INT, PS_PITCH, shape.pitch());
        si.set(JAVA_INT, PS_HOTSPOT_X, shape.hotspotX());
        si.set(JAVA_INT, PS_HOTSPOT_Y, shape.hotspotY());
        return HResult.S_OK;
    }

    int releaseFrame(long self) {
        world.enterCall("ReleaseFrame");
        try {
            if (!holding) {
                world.error("ReleaseFrame without a frame");
                return HResult.DXGI_ERROR_INVALID_CALL;
            }
            holding = false;
            world.frameHeld = false;
            world.releasedFrames++;
            Integer scripted = world.releaseResults.poll();
            if (scripted != null) {
                lost |= scripted == HResult.DXGI_ERROR_ACCESS_LOST;
                return scripted;
            }
            return lost ? HResult.DXGI_ERROR_ACCESS_LOST : HResult.S_OK;
        } finally {
            world.exitCall();
        }
    }

    @Override
    int release(long self) {
        int r = super.release(self);
        if (r == 0) {
            if (holding) {
                world.error("duplication released while a frame is held");
            }
            if (output.live == this) {
                output.live = null;
            }
        }
        return r;
    }
}
