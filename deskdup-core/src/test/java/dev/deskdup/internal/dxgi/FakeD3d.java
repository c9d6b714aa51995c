package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeMemory;

import java.lang.foreign.MemorySegment;

import static dev.deskdup.internal.dxgi.DxgiLayouts.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Fakes of the D3D11 side: device, immediate context, textures (desktop and staging), and the entry points. As
 * strict as the real API where it matters: copies run asynchronously (when the destination is mapped, or the next
 * frame is acquired), a mapped texture cannot be a copy destination, formats and sizes must match, the pointer of
 * a Map faults after Unmap, a removed device fails, and the thread of every context call is recorded.
 */
final class FakeD3d {

    private FakeD3d() {
    }

    static final class Texture extends FakeCom {
        final Device device;
        final int width;
        final int height;
        final int pitch;
        final int format;
        final boolean staging;
        /** The GPU's view of the texel memory. */
        final MemorySegment memory;
        final GuardedMapping mapping;
        boolean mapped;

        Texture(FakeWorld w, Device device, int width, int height, int pitch, int format, boolean staging) {
            super(w, staging ? "ID3D11Texture2D(staging)" : "ID3D11Texture2D(desktop)", 11);
            this.device = device;
            this.width = width;
            this.height = height;
            this.pitch = pitch;
            this.format = format;
            this.staging = staging;
            if (staging) {
                mapping = new GuardedMapping((long) pitch * height);
                w.mappings.add(mapping);
                memory = mapping.gpu;
            } else {
                mapping = null;
                memory = w.arena.allocate((long) pitch * height, 64);
            }
            install(ID3D11Texture2D.GET_DESC, "getDesc");
        }

        @Override
        FakeCom queryFor(long riid) {
            return Com.guidEquals(riid, ID3D11Texture2D.IID) ? this : null;
        }

        void getDesc(long self, long desc) {
            MemorySegment d = FakeDxgi.at(desc, D3D11_TEXTURE2D_DESC.byteSize());
            d.fill((byte) 0);
            d.set(JAVA_INT, TD_WIDTH, width);
            d.set(JAVA_INT, TD_HEIGHT, height);
            d.set(JAVA_INT, TD_MIP_LEVELS, 1);
            d.set(JAVA_INT, TD_ARRAY_SIZE, 1);
            d.set(JAVA_INT, TD_FORMAT, format);
            d.set(JAVA_INT, TD_SAMPLE_COUNT, 1);
            d.set(JAVA_INT, TD_USAGE, staging ? ID3D11Texture2D.D3D11_USAGE_STAGING : 0);
        }
    }

    static final class Device extends FakeCom {
        boolean removed;

        Device(FakeWorld w) {
            super(w, "ID3D11Device", 43);
            install(ID3D11Device.CREATE_TEXTURE2D, "createTexture2D");
            install(ID3D11Device.GET_DEVICE_REMOVED_REASON, "getDeviceRemovedReason");
        }

        int createTexture2D(long self, long desc, long init, long out) {
            NativeMemory.ALL.set(JAVA_LONG, out, 0);
            int w = Com.readInt(desc + TD_WIDTH);
            int h = Com.readInt(desc + TD_HEIGHT);
            int format = Com.readInt(desc + TD_FORMAT);
            if (Com.readInt(desc + TD_USAGE) != ID3D11Texture2D.D3D11_USAGE_STAGING
                    || Com.readInt(desc + TD_CPU_ACCESS_FLAGS) != ID3D11Texture2D.D3D11_CPU_ACCESS_READ
                    || Com.readInt(desc + TD_MIP_LEVELS) != 1 || Com.readInt(desc + TD_ARRAY_SIZE) != 1
                    || Com.readInt(desc + TD_SAMPLE_COUNT) != 1 || Com.readInt(desc + TD_BIND_FLAGS) != 0
                    || Com.readInt(desc + TD_MISC_FLAGS) != 0 || w <= 0 || h <= 0 || init != 0) {
                world.error("CreateTexture2D with an unexpected description (want a CPU-read staging texture)");
                return HResult.E_INVALIDARG;
            }
            if (removed) {
                return HResult.DXGI_ERROR_DEVICE_REMOVED;
            }
            Integer scripted = world.textureResults.poll();
            if (scripted != null) {
                return scripted;
            }
            world.texturesCreated++;
            int pitch = (w * 4 + 255) & ~255; // like real drivers: rows padded, so stride != width * 4
            put(out, new Texture(world, this, w, h, pitch, format, true));
            return HResult.S_OK;
        }

        int getDeviceRemovedReason(long self) {
            return removed ? world.removedReason : HResult.S_OK;
        }
    }

    static final class Context extends FakeCom {
        final Device device;

        Context(FakeWorld w, Device device) {
            super(w, "ID3D11DeviceContext", 115);
            this.device = device;
            install(ID3D11DeviceContext.MAP, "map");
            install(ID3D11DeviceContext.UNMAP, "unmap");
            install(ID3D11DeviceContext.COPY_RESOURCE, "copyResource");
            install(ID3D11DeviceContext.COPY_SUBRESOURCE_REGION, "copySubresourceRegion");
        }

        private Texture texture(long p) {
            return (Texture) world.object(p);
        }

        int map(long self, long resource, int sub, int type, int flags, long mapped) {
            world.enterCall("Map");
            try {
                Texture t = texture(resource);
                world.mapCalls++;
                if (!t.staging || t.mapped || type != ID3D11DeviceContext.D3D11_MAP_READ || sub != 0 || flags != 0
                        || t.device != device) {
                    world.error("Map of " + t + " (mapped=" + t.mapped + ", type=" + type + ", flags=" + flags + ")");
                    return HResult.E_INVALIDARG;
                }
                if (device.removed) {
                    return HResult.DXGI_ERROR_DEVICE_REMOVED;
                }
                Integer scripted = world.mapResults.poll();
                if (scripted != null) {
                    return scripted;
                }
                world.flushCopies(); // Map without DO_NOT_WAIT waits for the copies into the texture
                t.mapped = true;
                NativeMemory.ALL.set(JAVA_LONG, mapped + MS_DATA, t.mapping.map(world.remapOnMap));
                NativeMemory.ALL.set(JAVA_INT, mapped + MS_ROW_PITCH, t.pitch);
                NativeMemory.ALL.set(JAVA_INT, mapped + 12, t.pitch * t.height);
                return HResult.S_OK;
            } finally {
                world.exitCall();
            }
        }

        void unmap(long self, long resource, int sub) {
            world.enterCall("Unmap");
            try {
                Texture t = texture(resource);
                if (!t.mapped) {
                    world.error("Unmap of a texture that is not mapped");
                    return;
                }
                t.mapped = false;
                t.mapping.unmap(); // the pointer Map gave is invalid from here on
            } finally {
                world.exitCall();
            }
        }

        void copyResource(long self, long dst, long src) {
            world.enterCall("CopyResource");
            try {
                Texture d = texture(dst);
                Texture s = texture(src);
                if (d.width != s.width || d.height != s.height || d.format != s.format || d.mapped || !d.staging) {
                    world.error("CopyResource between " + d + " " + d.width + "x" + d.height + " format " + d.format
                            + " mapped=" + d.mapped + " and " + s.width + "x" + s.height + " format " + s.format
                            + " (dropped, as D3D11 drops it)");
                    return;
                }
                checkSource(s);
                world.copyResources++;
                world.queueCopy(s, 0, 0, s.width, s.height, d, 0, 0);
            } finally {
                world.exitCall();
            }
        }

        void copySubresourceRegion(long self, long dst, int dstSub, int x, int y, int z, long src, int srcSub,
                                   long box) {
            world.enterCall("CopySubresourceRegion");
            try {
                Texture d = texture(dst);
                Texture s = texture(src);
                int l = Com.readInt(box + BOX_LEFT);
                int t = Com.readInt(box + BOX_TOP);
                int r = Com.readInt(box + BOX_RIGHT);
                int b = Com.readInt(box + BOX_BOTTOM);
                int front = Com.readInt(box + BOX_FRONT);
                int back = Com.readInt(box + BOX_BACK);
                world.logCopy(l, t, r, b, x, y);
                if (d.mapped || !d.staging || d.format != s.format || dstSub != 0 || srcSub != 0 || z != 0
                        || front != 0 || back != 1 || l < 0 || t < 0 || r > s.width || b > s.height || r <= l
                        || b <= t || x < 0 || y < 0 || x + (r - l) > d.width || y + (b - t) > d.height) {
                    world.error("CopySubresourceRegion box=" + l + "," + t + "," + r + "," + b + " to " + x + ","
                            + y + " src=" + s.width + "x" + s.height + " dst=" + d.width + "x" + d.height
                            + " formats " + s.format + "/" + d.format + " mapped=" + d.mapped
                            + " (dropped, as D3D11 drops it)");
                    return;
                }
                checkSource(s);
                world.queueCopy(s, l, t, r, b, d, x, y);
            } finally {
                world.exitCall();
            }
        }

        private void checkSource(Texture s) {
            if (!s.staging && (s != world.desktop || !world.frameHeld)) {
                world.error("copy from the desktop texture while no frame is held (it is invalid after ReleaseFrame)");
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
            Integer scripted = world.factoryResults.poll();
            if (scripted != null) {
                FakeCom.put(factoryOut, null);
                return scripted;
            }
            world.factoriesCreated++;
            FakeCom.put(factoryOut, new FakeDxgi.Factory(world));
            return HResult.S_OK;
        }

        @Override
        public int d3d11CreateDevice(long adapter, int driverType, long software, int flags, long featureLevels,
                                     int featureLevelCount, int sdkVersion, long deviceOut, long featureLevelOut,
                                     long contextOut) {
            if (!(world.object(adapter) instanceof FakeDxgi.Adapter) || driverType != D3D_DRIVER_TYPE_UNKNOWN
                    || sdkVersion != D3D11_SDK_VERSION || (flags & D3D11_CREATE_DEVICE_BGRA_SUPPORT) == 0) {
                world.error("D3D11CreateDevice with adapter/driverType/flags/sdkVersion unexpected");
                return HResult.E_INVALIDARG;
            }
            Integer scripted = world.deviceResults.poll();
            if (scripted != null) {
                FakeCom.put(deviceOut, null);
                FakeCom.put(contextOut, null);
                return scripted;
            }
            world.deviceCreations++;
            Device device = new Device(world);
            FakeCom.put(deviceOut, device);
            FakeCom.put(contextOut, new Context(world, device));
            NativeMemory.ALL.set(JAVA_INT, featureLevelOut, 0xb000);
            return HResult.S_OK;
        }

        @Override
        public long setThreadDpiAwarenessContext(long context) {
            long previous = world.dpiOf(Thread.currentThread());
            world.dpiContexts.put(Thread.currentThread(), context);
            return previous;
        }
    }
}
