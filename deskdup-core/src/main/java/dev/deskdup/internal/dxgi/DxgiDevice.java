package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;

import java.util.List;

import static dev.deskdup.internal.dxgi.DxgiLayouts.DD_HEIGHT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.DD_ROTATION;
import static dev.deskdup.internal.dxgi.DxgiLayouts.DD_WIDTH;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The COM objects behind one capture: factory, adapter, output, D3D11 device and immediate context, and the output
 * duplication. Each pointer field holds exactly one reference, released when the field is cleared.
 */
final class DxgiDevice implements AutoCloseable {

    private final DxgiEntryPoints entryPoints;
    private final DxgiScratch s;

    long factory;
    long adapter;
    long output;
    long device;
    long context;
    long duplication;
    /** Bumped whenever the device is re-created: staging textures of an older generation are stale. */
    int generation;
    DxgiOutputInfo info;
    int desktopWidth;
    int desktopHeight;
    int rotation;

    DxgiDevice(DxgiEntryPoints entryPoints, DxgiScratch s) {
        this.entryPoints = entryPoints;
        this.s = s;
    }

    /** Enumerates outputs and binds the one {@code display} selects (see {@link DxgiOutputs#select}). */
    void open(String display) {
        createFactory();
        List<DxgiOutputInfo> outputs = DxgiOutputs.enumerate(factory, s);
        bind(DxgiOutputs.select(outputs, display));
        createDevice();
    }

    private void createFactory() {
        HResult.check(entryPoints.createDxgiFactory1(IDXGIFactory1.IID.address(), s.out), "CreateDXGIFactory1");
        factory = Com.readPointer(s.out);
    }

    private void bind(DxgiOutputInfo selected) {
        HResult.check(IDXGIFactory1.enumAdapters1(factory, selected.adapterIndex(), s.out),
                "IDXGIFactory1::EnumAdapters1(adapter=" + selected.adapterIndex() + ")");
        adapter = Com.readPointer(s.out);
        HResult.check(IDXGIAdapter1.enumOutputs(adapter, selected.outputIndex(), s.out),
                "IDXGIAdapter::EnumOutputs(output=" + selected.outputIndex() + ")");
        long plain = Com.readPointer(s.out);
        try {
            int hr = IUnknown.queryInterface(plain, IDXGIOutput1.IID.address(), s.out);
            if (hr == HResult.E_NOINTERFACE) {
                throw new CaptureException("output=" + selected.name() + " has no IDXGIOutput1: "
                        + HResult.describe(hr) + " (desktop duplication needs Windows 8 or later)");
            }
            HResult.check(hr, "IDXGIOutput::QueryInterface(IDXGIOutput1)");
            output = Com.readPointer(s.out);
        } finally {
            IUnknown.release(plain);
        }
        info = selected;
        desktopWidth = selected.width();
        desktopHeight = selected.height();
        rotation = selected.rotation();
    }

    private void createDevice() {
        int hr = entryPoints.d3d11CreateDevice(adapter, DxgiEntryPoints.D3D_DRIVER_TYPE_UNKNOWN, 0,
                DxgiEntryPoints.D3D11_CREATE_DEVICE_BGRA_SUPPORT, 0, 0, DxgiEntryPoints.D3D11_SDK_VERSION, s.out,
                s.featureLevel, s.out2);
        HResult.check(hr, "D3D11CreateDevice(adapter=" + info.adapter() + ")");
        device = Com.readPointer(s.out);
        context = Com.readPointer(s.out2);
        generation++;
    }

    /** DuplicateOutput; on success reads the mode. Returns the HRESULT so callers decide how to recover. */
    int duplicate() {
        releaseDuplication();
        int hr = IDXGIOutput1.duplicateOutput(output, device, s.out);
        if (HResult.failed(hr)) {
            return hr;
        }
        duplication = Com.readPointer(s.out);
        IDXGIOutputDuplication.getDesc(duplication, s.duplDescAddress);
        desktopWidth = s.duplDesc.get(JAVA_INT, DD_WIDTH);
        desktopHeight = s.duplDesc.get(JAVA_INT, DD_HEIGHT);
        rotation = s.duplDesc.get(JAVA_INT, DD_ROTATION);
        return hr;
    }

    void releaseDuplication() {
        duplication = IUnknown.releaseIfSet(duplication);
    }

    /**
     * After DEVICE_REMOVED: drops every object and binds the same output (by name) on a fresh factory and device.
     *
     * @throws CaptureException when the output is gone
     */
    void recreate() {
        String name = info.name();
        releaseAll();
        createFactory();
        List<DxgiOutputInfo> outputs = DxgiOutputs.enumerate(factory, s);
        DxgiOutputInfo again = null;
        for (DxgiOutputInfo o : outputs) {
            if (o.name().equals(name) && o.attached()) {
                again = o;
            }
        }
        if (again == null) {
            throw new CaptureException("output=" + name + " is gone after the GPU was reset (outputs=" + outputs
                    + "); open a new capture on another display");
        }
        bind(again);
        createDevice();
    }

    private void releaseAll() {
        releaseDuplication();
        context = IUnknown.releaseIfSet(context);
        device = IUnknown.releaseIfSet(device);
        output = IUnknown.releaseIfSet(output);
        adapter = IUnknown.releaseIfSet(adapter);
        factory = IUnknown.releaseIfSet(factory);
    }

    @Override
    public void close() {
        releaseAll();
    }
}
