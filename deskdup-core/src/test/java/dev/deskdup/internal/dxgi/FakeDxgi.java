package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeMemory;
import java.lang.foreign.MemorySegment;

import static dev.deskdup.internal.dxgi.DxgiLayouts.*;
import static java.lang.foreign.ValueLayout.JAVA_CHAR;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Fakes of the DXGI side: factory, adapter, outputs, output duplication, desktop resource. */
final class FakeDxgi {

    private FakeDxgi() {
    }

    static MemorySegment at(long address, long size) {
        return NativeMemory.ALL.asSlice(address, size);
    }

    static final class Factory extends FakeCom {
        final Adapter adapter;

        Factory(FakeWorld w) {
            super(w, "IDXGIFactory1", 14);
            install(IDXGIFactory1.ENUM_ADAPTERS1, "enumAdapters1");
            adapter = new Adapter(w);
        }

        @Override
        FakeCom queryFor(long riid) {
            return Com.guidEquals(riid, IDXGIFactory1.IID) ? this : null;
        }

        int enumAdapters1(long self, int index, long out) {
            put(out, index == 0 ? adapter : null);
            return index == 0 ? HResult.S_OK : HResult.DXGI_ERROR_NOT_FOUND;
        }
    }

    static final class Adapter extends FakeCom {
        final Output[] outputs;

        Adapter(FakeWorld w) {
            super(w, "IDXGIAdapter1", 11);
            install(IDXGIAdapter1.ENUM_OUTPUTS, "enumOutputs");
            install(IDXGIAdapter1.GET_DESC1, "getDesc1");
            outputs = new Output[] {new Output(w, "\\\\.\\DISPLAY1", 0), new Output(w, "\\\\.\\DISPLAY2", 1)};
        }

        int enumOutputs(long self, int index, long out) {
            boolean ok = index >= 0 && index < outputs.length && !world.outputsGone;
            put(out, ok ? outputs[index] : null);
            return ok ? HResult.S_OK : HResult.DXGI_ERROR_NOT_FOUND;
        }

        int getDesc1(long self, long desc) {
            MemorySegment d = at(desc, DXGI_ADAPTER_DESC1.byteSize());
            d.fill((byte) 0);
            String name = "Fake GPU";
            for (int i = 0; i < name.length(); i++) {
                d.set(JAVA_CHAR, AD_DESCRIPTION + 2L * i, name.charAt(i));
            }
            return HResult.S_OK;
        }
    }

    static final class Output extends FakeCom {
        final String name;
        final int position;

        Output(FakeWorld w, String name, int position) {
            super(w, "IDXGIOutput1", 23);
            this.name = name;
            this.position = position;
            install(IDXGIOutput1.GET_DESC, "getDesc");
            install(IDXGIOutput1.DUPLICATE_OUTPUT, "duplicateOutput");
        }

        @Override
        FakeCom queryFor(long riid) {
            return Com.guidEquals(riid, IDXGIOutput1.IID) ? this : null;
        }

        int getDesc(long self, long desc) {
            MemorySegment d = at(desc, DXGI_OUTPUT_DESC.byteSize());
            d.fill((byte) 0);
            for (int i = 0; i < name.length(); i++) {
                d.set(JAVA_CHAR, OD_DEVICE_NAME + 2L * i, name.charAt(i));
            }
            d.set(JAVA_INT, OD_DESKTOP_COORDINATES + RECT_LEFT, position * world.width);
            d.set(JAVA_INT, OD_DESKTOP_COORDINATES + RECT_TOP, 0);
            d.set(JAVA_INT, OD_DESKTOP_COORDINATES + RECT_RIGHT, (position + 1) * world.width);
            d.set(JAVA_INT, OD_DESKTOP_COORDINATES + RECT_BOTTOM, world.height);
            d.set(JAVA_INT, OD_ATTACHED, 1);
            d.set(JAVA_INT, OD_ROTATION, 1);
            return HResult.S_OK;
        }

        int duplicateOutput(long self, long device, long out) {
            if (!(world.object(device) instanceof FakeD3d.Device)) {
                world.error("DuplicateOutput given something that is not the device");
            }
            if (world.denyDuplications > 0) {
                world.denyDuplications--;
                put(out, null);
                return HResult.E_ACCESSDENIED;
            }
            world.duplicationsCreated++;
            put(out, new Duplication(world));
            return HResult.S_OK;
        }
    }

    /** One duplication; lost (answers ACCESS_LOST for good) after an ACCESS_LOST or a mode change. */
    static final class Duplication extends FakeCom {
        private final Resource resource;
        private boolean lost;
        private boolean holding;
        private int[] dirty = new int[0];
        private int[] moves = new int[0];
        private byte[] shape;

        Duplication(FakeWorld w) {
            super(w, "IDXGIOutputDuplication", 15);
            resource = new Resource(w);
            install(IDXGIOutputDuplication.GET_DESC, "getDesc");
            install(IDXGIOutputDuplication.ACQUIRE_NEXT_FRAME, "acquireNextFrame");
            install(IDXGIOutputDuplication.GET_FRAME_DIRTY_RECTS, "getFrameDirtyRects");
            install(IDXGIOutputDuplication.GET_FRAME_MOVE_RECTS, "getFrameMoveRects");
            install(IDXGIOutputDuplication.GET_FRAME_POINTER_SHAPE, "getFramePointerShape");
            install(IDXGIOutputDuplication.RELEASE_FRAME, "releaseFrame");
        }

        void getDesc(long self, long desc) {
            MemorySegment d = at(desc, DXGI_OUTDUPL_DESC.byteSize());
            d.fill((byte) 0);
            d.set(JAVA_INT, DD_WIDTH, world.width);
            d.set(JAVA_INT, DD_HEIGHT, world.height);
            d.set(JAVA_INT, DD_FORMAT, ID3D11Texture2D.DXGI_FORMAT_B8G8R8A8_UNORM);
            d.set(JAVA_INT, DD_ROTATION, 1);
        }

        int acquireNextFrame(long self, int millis, long info, long out) {
            NativeMemory.ALL.set(JAVA_LONG, out, 0);
            if (holding) {
                world.error("AcquireNextFrame while a frame is held (ReleaseFrame missing)");
                return HResult.DXGI_ERROR_INVALID_CALL;
            }
            if (lost) {
                return HResult.DXGI_ERROR_ACCESS_LOST;
            }
            long fi = info;
            for (long o = 0; o < DXGI_OUTDUPL_FRAME_INFO.byteSize(); o += 4) {
                NativeMemory.ALL.set(JAVA_INT, fi + o, 0);
            }
            FakeEvent e = world.script.poll();
            if (e == null) {
                if (!world.autoFrames) {
                    return HResult.DXGI_ERROR_WAIT_TIMEOUT;
                }
                return autoFrame(fi, out);
            }
            switch (e) {
                case FakeEvent.Timeout t -> {
                    return HResult.DXGI_ERROR_WAIT_TIMEOUT;
                }
                case FakeEvent.Fail f -> {
                    lost |= f.hresult() == HResult.DXGI_ERROR_ACCESS_LOST;
                    return f.hresult();
                }
                case FakeEvent.ModeChange m -> {
                    lost = true;
                    world.resize(m.width(), m.height());
                    return HResult.DXGI_ERROR_ACCESS_LOST;
                }
                case FakeEvent.Image img -> {
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
                    NativeMemory.ALL.set(JAVA_INT, fi + FI_ACCUMULATED_FRAMES, 1);
                    NativeMemory.ALL.set(JAVA_INT, fi + FI_TOTAL_METADATA_BUFFER_SIZE,
                            dirty.length / 4 * (int) RECT.byteSize() + moves.length / 6
                                    * (int) DXGI_OUTDUPL_MOVE_RECT.byteSize());
                    pointer(fi, img.pointerX(), img.pointerY(), img.shape());
                    return handOutFrame(out);
                }
                case FakeEvent.PointerOnly p -> {
                    dirty = new int[0];
                    moves = new int[0];
                    pointer(fi, p.x(), p.y(), p.shape());
                    return handOutFrame(out);
                }
            }
        }

        private void pointer(long fi, int x, int y, byte[] newShape) {
            if (x >= 0) {
                NativeMemory.ALL.set(JAVA_LONG, fi + FI_LAST_MOUSE_UPDATE_TIME, ++world.presentTime);
                NativeMemory.ALL.set(JAVA_INT, fi + FI_POINTER_X, x);
                NativeMemory.ALL.set(JAVA_INT, fi + FI_POINTER_Y, y);
                NativeMemory.ALL.set(JAVA_INT, fi + FI_POINTER_VISIBLE, 1);
            }
            shape = newShape;
            NativeMemory.ALL.set(JAVA_INT, fi + FI_POINTER_SHAPE_BUFFER_SIZE, newShape == null ? 0 : newShape.length);
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

        private static final int[] EMPTY = new int[0];

        private int handOutFrame(long out) {
            holding = true;
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
            if (shape == null) {
                world.error("GetFramePointerShape called although the shape did not change");
                return HResult.DXGI_ERROR_INVALID_CALL;
            }
            NativeMemory.ALL.set(JAVA_INT, required, shape.length);
            if (size < shape.length) {
                world.moreDataAnswers++;
                return HResult.DXGI_ERROR_MORE_DATA;
            }
            MemorySegment.copy(MemorySegment.ofArray(shape), 0, NativeMemory.ALL, buffer, shape.length);
            MemorySegment si = at(info, DXGI_OUTDUPL_POINTER_SHAPE_INFO.byteSize());
            si.set(JAVA_INT, PS_TYPE, 2);
            si.set(JAVA_INT, PS_WIDTH, 32);
            si.set(JAVA_INT, PS_HEIGHT, shape.length / 128);
            si.set(JAVA_INT, PS_PITCH, 128);
            si.set(JAVA_INT, PS_HOTSPOT_X, 3);
            si.set(JAVA_INT, PS_HOTSPOT_Y, 4);
            return HResult.S_OK;
        }

        int releaseFrame(long self) {
            if (!holding) {
                world.error("ReleaseFrame without a frame");
                return HResult.DXGI_ERROR_INVALID_CALL;
            }
            holding = false;
            world.releasedFrames++;
            return lost ? HResult.DXGI_ERROR_ACCESS_LOST : HResult.S_OK;
        }

        @Override
        int release(long self) {
            int r = super.release(self);
            if (r == 0 && holding) {
                world.error("duplication released while a frame is held");
            }
            return r;
        }
    }

    /** The IDXGIResource of an acquired frame: QueryInterface gives the current desktop texture. */
    static final class Resource extends FakeCom {
        Resource(FakeWorld w) {
            super(w, "IDXGIResource", 12);
        }

        @Override
        FakeCom queryFor(long riid) {
            if (Com.guidEquals(riid, IDXGIResource.IID)) {
                return this;
            }
            return Com.guidEquals(riid, ID3D11Texture2D.IID) ? world.desktop : null;
        }
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }
}
