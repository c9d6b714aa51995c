package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;

import java.util.List;

import static dev.deskdup.internal.dxgi.DxgiLayouts.DD_HEIGHT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.DD_ROTATION;
import static dev.deskdup.internal.dxgi.DxgiLayouts.DD_WIDTH;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The COM objects behind one capture: factory, adapter, output, D3D11 device and immediate context, and the output
 * duplication. Each pointer field holds exactly one reference, released when the field is cleared. Recovery calls
 * answer an HRESULT (never throw for what Windows does during a transition), so that the caller decides.
 *
 * <p>The output is identified by its GDI name ({@code \\.\DISPLAY2}), which survives re-enumeration; its index
 * and its adapter's index may change when monitors come and go, so after a topology change ({@code IsCurrent()}
 * false) or a failed attempt a new factory is made and the output found again by name ({@link #rebind}).
 */
final class DxgiDevice implements AutoCloseable {

    private final DxgiEntryPoints entryPoints;
    private final DxgiScratch s;

    long factory;
    long adapter;
    long output;
    /** IDXGIOutput5 of the output (Windows 10 1703+), or 0: then legacy DuplicateOutput. */
    long output5;
    long device;
    long context;
    long duplication;
    /** Bumped whenever the device is re-created: a staging texture of an older generation is stale. */
    int generation;
    private long deviceLuid;
    DxgiOutputInfo info;
    /** The outputs as last enumerated (for messages about a detached output). */
    List<DxgiOutputInfo> outputs = List.of();
    /** The duplication's mode, in desktop orientation, and DXGI_MODE_ROTATION, as of the last duplication. */
    int modeWidth;
    int modeHeight;
    int rotation;
    /** Whether the last duplication came from DuplicateOutput1 (formats converted by DWM). */
    boolean duplicatedWithFormats;
    /** The call the last {@link #duplicate} made, for messages. */
    String duplicateCall = "IDXGIOutput1::DuplicateOutput";

    DxgiDevice(DxgiEntryPoints entryPoints, DxgiScratch s) {
        this.entryPoints = entryPoints;
        this.s = s;
    }

    /**
     * Enumerates outputs, binds the one {@code monitor} (or else {@code display}) names (an index or a GDI name,
     * see {@link DxgiOutputs#select}; null: the primary output) and makes a device on its adapter.
     *
     * @throws IllegalArgumentException when a selector names no output, or both are given and name different ones
     */
    void open(String display, String monitor) {
        HResult.check(createFactory(), "CreateDXGIFactory1");
        outputs = DxgiOutputs.enumerate(factory, s);
        boolean byMonitor = monitor != null && !monitor.isBlank();
        DxgiOutputInfo selected = byMonitor ? DxgiOutputs.select(outputs, "monitor", monitor)
                : DxgiOutputs.select(outputs, "display", display);
        if (byMonitor && display != null && !display.isBlank()
                && DxgiOutputs.select(outputs, "display", display).index() != selected.index()) {
            throw new IllegalArgumentException("display=" + display + " and monitor=" + monitor + " name different "
                    + "outputs (for source=dxgi both select the output; give one of them; outputs=" + outputs + ")");
        }
        int hr = bind(selected);
        if (hr == HResult.E_NOINTERFACE) {
            throw new CaptureException("output=" + selected.name() + " has no IDXGIOutput1: " + HResult.describe(hr)
                    + " (desktop duplication needs Windows 8 or later)");
        }
        HResult.check(hr, "binding output=" + selected.name());
        HResult.check(createDevice(), "D3D11CreateDevice(adapter=" + selected.adapter() + ")");
    }

    /** Makes the calling thread per-monitor-v2 DPI aware; returns what to restore (0: nothing, unavailable). */
    long enterDpiAwareness() {
        return entryPoints.setThreadDpiAwarenessContext(DxgiEntryPoints.DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2);
    }

    void leaveDpiAwareness(long previous) {
        if (previous != 0) {
            entryPoints.setThreadDpiAwarenessContext(previous);
        }
    }

    private int createFactory() {
        factory = IUnknown.releaseIfSet(factory);
        int hr = entryPoints.createDxgiFactory1(IDXGIFactory1.IID.address(), s.out);
        if (!HResult.failed(hr)) {
            factory = Com.readPointer(s.out);
        }
        return hr;
    }

    /** Takes adapter, IDXGIOutput1 (and IDXGIOutput5 when there is one) of {@code selected} from the factory. */
    private int bind(DxgiOutputInfo selected) {
        releaseOutput();
        int hr = IDXGIFactory1.enumAdapters1(factory, selected.adapterIndex(), s.out);
        if (HResult.failed(hr)) {
            return hr;
        }
        adapter = Com.readPointer(s.out);
        hr = IDXGIAdapter1.enumOutputs(adapter, selected.outputIndex(), s.out);
        if (HResult.failed(hr)) {
            return hr;
        }
        long plain = Com.readPointer(s.out);
        try {
            hr = IUnknown.queryInterface(plain, IDXGIOutput1.IID.address(), s.out);
            if (HResult.failed(hr)) {
                return hr;
            }
            output = Com.readPointer(s.out);
            if (!HResult.failed(IUnknown.queryInterface(plain, IDXGIOutput5.IID.address(), s.out))) {
                output5 = Com.readPointer(s.out);
            }
        } finally {
            IUnknown.release(plain);
        }
        info = selected;
        return HResult.S_OK;
    }

    private int createDevice() {
        releaseDevice();
        int hr = entryPoints.d3d11CreateDevice(adapter, DxgiEntryPoints.D3D_DRIVER_TYPE_UNKNOWN, 0,
                DxgiEntryPoints.D3D11_CREATE_DEVICE_BGRA_SUPPORT, 0, 0, DxgiEntryPoints.D3D11_SDK_VERSION, s.out,
                s.featureLevel, s.out2);
        if (HResult.failed(hr)) {
            return hr;
        }
        device = Com.readPointer(s.out);
        context = Com.readPointer(s.out2);
        deviceLuid = info.adapterLuid();
        generation++;
        return hr;
    }

    /**
     * Duplicates the output: {@code DuplicateOutput1} accepting BGRA only when the output has it and the thread
     * is per-monitor-v2 DPI aware ({@code dpiAware}), else {@code DuplicateOutput}. On success reads the mode.
     *
     * @return the HRESULT, so that the caller decides how to recover
     */
    int duplicate(boolean dpiAware) {
        releaseDuplication();
        boolean withFormats = output5 != 0 && dpiAware;
        duplicateCall = withFormats ? "IDXGIOutput5::DuplicateOutput1" : "IDXGIOutput1::DuplicateOutput";
        int hr = withFormats
                ? IDXGIOutput5.duplicateOutput1(output5, device, 0, DxgiScratch.ACCEPTED_FORMAT_COUNT,
                        s.acceptedFormats, s.out)
                : IDXGIOutput1.duplicateOutput(output, device, s.out);
        if (HResult.failed(hr)) {
            return hr;
        }
        duplication = Com.readPointer(s.out);
        duplicatedWithFormats = withFormats;
        IDXGIOutputDuplication.getDesc(duplication, s.duplDescAddress);
        modeWidth = s.duplDesc.get(JAVA_INT, DD_WIDTH);
        modeHeight = s.duplDesc.get(JAVA_INT, DD_HEIGHT);
        rotation = s.duplDesc.get(JAVA_INT, DD_ROTATION);
        return hr;
    }

    /** Whether the factory's enumeration still describes the system (false after a topology change). */
    boolean factoryIsCurrent() {
        return factory != 0 && IDXGIFactory1.isCurrent(factory);
    }

    /**
     * Finds the output again by name on a new factory and binds it; keeps the device when the output is still on
     * the same adapter, else makes a new one.
     *
     * @return S_OK, DXGI_ERROR_NOT_FOUND when the output is not attached any more, or a failing HRESULT
     */
    int rebind() {
        releaseDuplication();
        String name = info.name();
        int hr = createFactory();
        if (HResult.failed(hr)) {
            return hr;
        }
        try {
            outputs = DxgiOutputs.enumerate(factory, s);
        } catch (HResult.Failure f) {
            return f.hresult();
        }
        DxgiOutputInfo again = DxgiOutputs.byName(outputs, name);
        if (again == null) {
            return HResult.DXGI_ERROR_NOT_FOUND;
        }
        hr = bind(again);
        if (HResult.failed(hr)) {
            return hr;
        }
        return device != 0 && again.adapterLuid() == deviceLuid ? HResult.S_OK : createDevice();
    }

    /** After the device was lost: every object made again, the output found by name. As {@link #rebind}. */
    int recreate() {
        releaseDuplication();
        releaseDevice();
        return rebind();
    }

    /** {@code ID3D11Device::GetDeviceRemovedReason}: S_OK while the device works. */
    int deviceRemovedReason() {
        return device == 0 ? HResult.S_OK : ID3D11Device.getDeviceRemovedReason(device);
    }

    void releaseDuplication() {
        duplication = IUnknown.releaseIfSet(duplication);
    }

    private void releaseDevice() {
        context = IUnknown.releaseIfSet(context);
        device = IUnknown.releaseIfSet(device);
    }

    private void releaseOutput() {
        output5 = IUnknown.releaseIfSet(output5);
        output = IUnknown.releaseIfSet(output);
        adapter = IUnknown.releaseIfSet(adapter);
    }

    @Override
    public void close() {
        releaseDuplication();
        releaseDevice();
        releaseOutput();
        factory = IUnknown.releaseIfSet(factory);
    }
}
