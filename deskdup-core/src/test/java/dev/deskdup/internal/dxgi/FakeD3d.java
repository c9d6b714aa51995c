package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeMemory;
import java.lang.foreign.MemorySegment;

import static dev.deskdup.internal.dxgi.DxgiLayouts.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Fakes of the D3D11 side: device, immediate context, textures (desktop and staging), and the entry points. */
final class FakeD3d {

    private FakeD3d() {
    }

    static final class Texture extends FakeCom {
        final int width;
        final int height;
        final int pitch;
        final boolean staging;
        final MemorySegment memory;
        boolean mapped;

        Texture(FakeWorld w, int width, int height, int pitch, boolean staging) {
            super(w, staging ? "ID3D11Texture2D(staging)" : "ID3D11Texture2D(desktop)", 11);
            this.width = width;
            this.height = height;
            this.pitch = pitch;
            this.staging = staging;
            this.memory = w.arena.allocate((long) pitch * height, 64);
            install(ID3D11Texture2D.GET_DESC, "getDesc");
        }

        @Override
        FakeCom queryFor(long riid) {
            return Com.guidEquals(riid, ID3D11Texture2D.IID) ? this : null;
        }

        void getDesc(long self, long desc) {
            NativeMemory.ALL.set(JAVA_INT, desc + TD_WIDTH, width);
            NativeMemory.ALL.set(JAVA_INT, desc + TD_HEIGHT, height);
            NativeMemory.ALL.set(JAVA_INT, desc + TD_FORMAT, ID3D11Texture2D.DXGI_FORMAT_B8G8R8A8_UNORM);
        }
    }

    static final class Device extends FakeCom {
        Device(FakeWorld w) {
            super(w, "ID3D11Device", 43);
            install(ID3D11Device.CREATE_TEXTURE2D, "createTexture2D");
            install(ID3D11Device.GET_DEVICE_REMOVED_REASON, "getDeviceRemovedReason");
        }

        int createTexture2D(long self, long desc, long init, long out) {
            int w = Com.readInt(desc + TD_WIDTH);
            int h = Com.readInt(desc + TD_HEIGHT);
            if (Com.readInt(desc + TD_USAGE) != ID3D11Texture2D.D3D11_USAGE_STAGING
                    || Com.readInt(desc + TD_CPU_ACCESS_FLAGS) != ID3D11Texture2D.D3D11_CPU_ACCESS_READ
                    || Com.readInt(desc + TD_FORMAT) != ID3D11Texture2D.DXGI_FORMAT_B8G8R8A8_UNORM
                    || Com.readInt(desc + TD_MIP_LEVELS) != 1 || Com.readInt(desc + TD_ARRAY_SIZE) != 1
                    || Com.readInt(desc + TD_SAMPLE_COUNT) != 1 || Com.readInt(desc + TD_BIND_FLAGS) != 0
                    || init != 0) {
                world.error("CreateTexture2D with an unexpected description (want a BGRA CPU-read staging texture)");
                return HResult.E_INVALIDARG;
            }
            world.texturesCreated++;
            int pitch = (w * 4 + 255) & ~255; // like real drivers: rows padded, so stride != width * 4
            put(out, new Texture(world, w, h, pitch, true));
            return HResult.S_OK;
        }

        int getDeviceRemovedReason(long self) {
            return HResult.S_OK;
        }
    }

    static final class Context extends FakeCom {
        Context(FakeWorld w) {
            super(w, "ID3D11DeviceContext", 115);
            install(ID3D11DeviceContext.MAP, "map");
            install(ID3D11DeviceContext.UNMAP, "unmap");
            install(ID3D11DeviceContext.COPY_RESOURCE, "copyResource");
            install(ID3D11DeviceContext.COPY_SUBRESOURCE_REGION, "copySubresourceRegion");
        }

        private Texture texture(long p) {
            return (Texture) world.object(p);
        }

        int map(long self, long resource, int sub, int type, int flags, long mapped) {
            Texture t = texture(resource);
            if (!t.staging || t.mapped || type != ID3D11DeviceContext.D3D11_MAP_READ || sub != 0) {
                world.error("Map of " + t + " (mapped=" + t.mapped + ", type=" + type + ")");
                return HResult.E_INVALIDARG;
            }
            t.mapped = true;
            NativeMemory.ALL.set(JAVA_LONG, mapped + MS_DATA, t.memory.address());
            NativeMemory.ALL.set(JAVA_INT, mapped + MS_ROW_PITCH, t.pitch);
            return HResult.S_OK;
        }

        void unmap(long self, long resource, int sub) {
            Texture t = texture(resource);
            if (!t.mapped) {
                world.error("Unmap of a texture that is not mapped");
            }
            t.mapped = false;
        }

        void copyResource(long self, long dst, long src) {
            Texture d = texture(dst);
            Texture s = texture(src);
            if (d.width != s.width || d.height != s.height || d.mapped || !d.staging) {
                world.error("CopyResource between " + d + " " + d.width + "x" + d.height + " mapped=" + d.mapped
                        + " and " + s.width + "x" + s.height);
                return;
            }
            world.copyResources++;
            copyRows(s, 0, 0, d, 0, 0, s.width, s.height);
        }

        void copySubresourceRegion(long self, long dst, int dstSub, int x, int y, int z, long src, int srcSub,
                                   long box) {
            Texture d = texture(dst);
            Texture s = texture(src);
            int l = Com.readInt(box + BOX_LEFT);
            int t = Com.readInt(box + BOX_TOP);
            int r = Com.readInt(box + BOX_RIGHT);
            int b = Com.readInt(box + BOX_BOTTOM);
            int front = Com.readInt(box + BOX_FRONT);
            int back = Com.readInt(box + BOX_BACK);
            world.logCopy(l, t, r, b, x, y);
            if (d.mapped || !d.staging || dstSub != 0 || srcSub != 0 || z != 0 || front != 0 || back != 1
                    || l < 0 || t < 0 || r > s.width || b > s.height || r <= l || b <= t
                    || x + (r - l) > d.width || y + (b - t) > d.height) {
                world.error("CopySubresourceRegion box=" + l + "," + t + "," + r + "," + b + " to " + x + "," + y
                        + " src=" + s.width + "x" + s.height + " dst=" + d.width + "x" + d.height + " mapped="
                        + d.mapped);
                return;
            }
            copyRows(s, l, t, d, x, y, r - l, b - t);
        }

        private static void copyRows(Texture s, int sx, int sy, Texture d, int dx, int dy, int w, int h) {
            for (int j = 0; j < h; j++) {
                MemorySegment.copy(s.memory, (long) (sy + j) * s.pitch + 4L * sx,
                        d.memory, (long) (dy + j) * d.pitch + 4L * dx, 4L * w);
            }
        }
    }

    /** The exported functions, handing out the world's fakes. */
    static final class EntryPoints implements DxgiEntryPoints {
        private final FakeWorld world;

        EntryPoints(FakeWorld world) {
            this.world = world;
        }

        @Override
        public int createDxgiFactory1(long riid, long factoryOut) {
            if (!Com.guidEquals(riid, IDXGIFactory1.IID)) {
                return HResult.E_NOINTERFACE;
            }
            FakeCom.put(factoryOut, world.factory);
            return HResult.S_OK;
        }

        @Override
        public int d3d11CreateDevice(long adapter, int driverType, long software, int flags, long featureLevels,
                                     int featureLevelCount, int sdkVersion, long deviceOut, long featureLevelOut,
                                     long contextOut) {
            if (world.object(adapter) != world.factory.adapter || driverType != D3D_DRIVER_TYPE_UNKNOWN
                    || sdkVersion != D3D11_SDK_VERSION) {
                world.error("D3D11CreateDevice with adapter/driverType/sdkVersion unexpected");
                return HResult.E_INVALIDARG;
            }
            world.deviceCreations++;
            FakeCom.put(deviceOut, new Device(world));
            FakeCom.put(contextOut, new Context(world));
            NativeMemory.ALL.set(JAVA_INT, featureLevelOut, 0xb000);
            return HResult.S_OK;
        }

        @Override
        public boolean setProcessDpiAwarenessContext(long context) {
            world.dpiAwarenessSet = context == DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2;
            return true;
        }
    }
}
