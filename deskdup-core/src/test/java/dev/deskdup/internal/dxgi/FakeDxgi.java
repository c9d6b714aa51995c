package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeMemory;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static dev.deskdup.internal.dxgi.DxgiLayouts.*;
import static java.lang.foreign.ValueLayout.JAVA_CHAR;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Fakes of the DXGI side: factory (a snapshot of the outputs, not current after a topology change), adapter,
 * outputs (IDXGIOutput1, and IDXGIOutput5 when the world says so), output duplication, desktop resource.
 */
final class FakeDxgi {

    /** The fake adapter's LUID. */
    static final long LUID = 0x0000_0001_0000_2345L;

    private FakeDxgi() {
    }

    static MemorySegment at(long address, long size) {
        return NativeMemory.ALL.asSlice(address, size);
    }

    static final class Factory extends FakeCom {
        final Adapter adapter;
        private final int topology;

        Factory(FakeWorld w) {
            super(w, "IDXGIFactory1", 14);
            install(IDXGIFactory1.ENUM_ADAPTERS1, "enumAdapters1");
            install(IDXGIFactory1.IS_CURRENT, "isCurrent");
            topology = w.topology;
            List<Output> outputs = new ArrayList<>();
            for (Monitor m : w.monitors) {
                outputs.add(new Output(w, m, topology));
            }
            adapter = new Adapter(w, outputs);
        }

        @Override
        FakeCom queryFor(long riid) {
            return Com.guidEquals(riid, IDXGIFactory1.IID) ? this : null;
        }

        int enumAdapters1(long self, int index, long out) {
            put(out, index == 0 ? adapter : null);
            return index == 0 ? HResult.S_OK : HResult.DXGI_ERROR_NOT_FOUND;
        }

        int isCurrent(long self) {
            return topology == world.topology ? 1 : 0;
        }
    }

    static final class Adapter extends FakeCom {
        /** The outputs as the factory saw them when it was made. */
        final List<Output> outputs;

        Adapter(FakeWorld w, List<Output> outputs) {
            super(w, "IDXGIAdapter1", 11);
            this.outputs = outputs;
            install(IDXGIAdapter1.ENUM_OUTPUTS, "enumOutputs");
            install(IDXGIAdapter1.GET_DESC1, "getDesc1");
        }

        int enumOutputs(long self, int index, long out) {
            boolean ok = index >= 0 && index < outputs.size();
            put(out, ok ? outputs.get(index) : null);
            return ok ? HResult.S_OK : HResult.DXGI_ERROR_NOT_FOUND;
        }

        int getDesc1(long self, long desc) {
            MemorySegment d = at(desc, DXGI_ADAPTER_DESC1.byteSize());
            d.fill((byte) 0);
            String name = "Fake GPU";
            for (int i = 0; i < name.length(); i++) {
                d.set(JAVA_CHAR, AD_DESCRIPTION + 2L * i, name.charAt(i));
            }
            d.set(JAVA_LONG, AD_LUID, LUID);
            return HResult.S_OK;
        }
    }

    /** A monitor of the fake machine: what outlives factories (name, place, whether attached, its duplication). */
    static final class Monitor {
        final String name;
        /** Where the output sits on the desktop, in output widths from the primary. */
        final int position;
        boolean attached = true;
        /** The duplication of this output that is alive (DXGI allows one per process). */
        FakeDuplication live;

        Monitor(String name, int position) {
            this.name = name;
            this.position = position;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One factory's IDXGIOutput(1/5) of a monitor; stale once the topology changed after its factory was made. */
    static final class Output extends FakeCom {
        final Monitor monitor;
        final String name;
        final int position;
        private final int topology;

        Output(FakeWorld w, Monitor monitor, int topology) {
            super(w, "IDXGIOutput1(" + monitor.name + ")", 27);
            this.monitor = monitor;
            this.name = monitor.name;
            this.position = monitor.position;
            this.topology = topology;
            install(IDXGIOutput1.GET_DESC, "getDesc");
            install(IDXGIOutput1.DUPLICATE_OUTPUT, "duplicateOutput");
            install(IDXGIOutput5.DUPLICATE_OUTPUT1, "duplicateOutput1");
        }

        @Override
        FakeCom queryFor(long riid) {
            if (Com.guidEquals(riid, IDXGIOutput1.IID)) {
                return this;
            }
            return world.output5 && Com.guidEquals(riid, IDXGIOutput5.IID) ? this : null;
        }

        int getDesc(long self, long desc) {
            MemorySegment d = at(desc, DXGI_OUTPUT_DESC.byteSize());
            d.fill((byte) 0);
            for (int i = 0; i < name.length(); i++) {
                d.set(JAVA_CHAR, OD_DEVICE_NAME + 2L * i, name.charAt(i));
            }
            int ow = world.outputWidth();
            d.set(JAVA_INT, OD_DESKTOP_COORDINATES + RECT_LEFT, position * ow);
            d.set(JAVA_INT, OD_DESKTOP_COORDINATES + RECT_TOP, 0);
            d.set(JAVA_INT, OD_DESKTOP_COORDINATES + RECT_RIGHT, (position + 1) * ow);
            d.set(JAVA_INT, OD_DESKTOP_COORDINATES + RECT_BOTTOM, world.outputHeight());
            d.set(JAVA_INT, OD_ATTACHED, monitor.attached ? 1 : 0);
            d.set(JAVA_INT, OD_ROTATION, world.rotation);
            return HResult.S_OK;
        }

        int duplicateOutput(long self, long device, long out) {
            return duplicate(device, out, "DuplicateOutput");
        }

        int duplicateOutput1(long self, long device, int flags, int count, long formats, long out) {
            world.duplicateOutput1Calls++;
            if (!world.output5) {
                world.error("DuplicateOutput1 called on an output without IDXGIOutput5");
            }
            boolean bgra = false;
            for (int i = 0; i < count; i++) {
                bgra |= Com.readInt(formats + 4L * i) == DxgiPixelFormat.DXGI_FORMAT_B8G8R8A8_UNORM;
            }
            if (flags != 0 || !bgra) {
                world.error("DuplicateOutput1 with flags=" + flags + " and formats without B8G8R8A8_UNORM");
            }
            if (world.dpiOf(Thread.currentThread()) != DxgiEntryPoints.DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2) {
                world.dpiRefused++; // the calling thread must be per-monitor-v2 aware (assumed answer: UNSUPPORTED)
                put(out, null);
                return HResult.DXGI_ERROR_UNSUPPORTED;
            }
            return duplicate(device, out, "DuplicateOutput1");
        }

        private int duplicate(long device, long out, String call) {
            world.duplicateCalls++;
            put(out, null);
            if (!(world.object(device) instanceof FakeD3d.Device dev)) {
                world.error(call + " given something that is not the device");
                return HResult.E_INVALIDARG;
            }
            if (dev.removed) {
                return HResult.DXGI_ERROR_DEVICE_REMOVED;
            }
            if (monitor.live != null) {
                return HResult.E_INVALIDARG; // "the calling application is already duplicating this output"
            }
            Integer scripted = world.duplicateResults.poll();
            if (scripted != null) {
                return scripted;
            }
            if (topology != world.topology) {
                world.staleDuplicateCalls++; // the output of a factory that is not current (IsCurrent() FALSE)
                return HResult.DXGI_ERROR_UNSUPPORTED; // assumed: Windows' exact answer is not documented
            }
            if (!monitor.attached) {
                return HResult.DXGI_ERROR_UNSUPPORTED; // assumed, likewise, for a detached output
            }
            world.duplicationsCreated++;
            world.duplicatedOutputs.add(name);
            monitor.live = new FakeDuplication(world, monitor, dev);
            put(out, monitor.live);
            return HResult.S_OK;
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
            if (!world.frameHeld) {
                world.error("desktop resource used after ReleaseFrame");
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
