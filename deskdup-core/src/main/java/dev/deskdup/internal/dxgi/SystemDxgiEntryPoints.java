package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.CaptureException;
import dev.deskdup.internal.os.NativeLibrary;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.util.function.Supplier;

import static dev.deskdup.internal.dxgi.Com.P;
import static dev.deskdup.internal.dxgi.Com.U;

/** {@link DxgiEntryPoints} bound to the system DLLs with {@link SymbolLookup#libraryLookup}. */
final class SystemDxgiEntryPoints implements DxgiEntryPoints {

    private static final String HINT = "Windows 8 or later with a DirectX 11 driver; d3d11.dll, dxgi.dll and "
            + "user32.dll ship with Windows";

    /** Bound once, lazily: the DLLs exist only on Windows. */
    static final Supplier<DxgiEntryPoints> INSTANCE = new Supplier<>() {
        private volatile DxgiEntryPoints bound;

        @Override
        public synchronized DxgiEntryPoints get() {
            if (bound == null) {
                bound = new SystemDxgiEntryPoints();
            }
            return bound;
        }
    };

    /** HRESULT CreateDXGIFactory1(REFIID riid, void **ppFactory); */
    static final FunctionDescriptor FD_CREATE_DXGI_FACTORY1 = FunctionDescriptor.of(U, P, P);
    /**
     * HRESULT D3D11CreateDevice(IDXGIAdapter*, D3D_DRIVER_TYPE, HMODULE, UINT, const D3D_FEATURE_LEVEL*, UINT,
     * UINT, ID3D11Device**, D3D_FEATURE_LEVEL*, ID3D11DeviceContext**);
     */
    static final FunctionDescriptor FD_D3D11_CREATE_DEVICE = FunctionDescriptor.of(U, P, U, P, U, P, U, U, P, P, P);
    /** DPI_AWARENESS_CONTEXT SetThreadDpiAwarenessContext(DPI_AWARENESS_CONTEXT dpiContext); (Windows 10 1607+) */
    static final FunctionDescriptor FD_SET_THREAD_DPI_AWARENESS_CONTEXT = FunctionDescriptor.of(P, P);

    private final MethodHandle createDxgiFactory1;
    private final MethodHandle d3d11CreateDevice;
    private final MethodHandle setThreadDpiAwarenessContext;

    private SystemDxgiEntryPoints() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(java.util.Locale.ROOT).contains("windows")) {
            throw new CaptureException("source=dxgi needs Windows, but os.name=" + os
                    + " (use source=x11 or source=auto here)");
        }
        NativeLibrary dxgi = NativeLibrary.required(HINT, "dxgi.dll", "dxgi");
        NativeLibrary d3d11 = NativeLibrary.required(HINT, "d3d11.dll", "d3d11");
        NativeLibrary user32 = NativeLibrary.optional(HINT, "user32.dll", "user32");
        createDxgiFactory1 = dxgi.function("CreateDXGIFactory1", FD_CREATE_DXGI_FACTORY1);
        d3d11CreateDevice = d3d11.function("D3D11CreateDevice", FD_D3D11_CREATE_DEVICE);
        setThreadDpiAwarenessContext = !user32.isLoaded()
                || user32.symbol("SetThreadDpiAwarenessContext").address() == 0 ? null
                : user32.function("SetThreadDpiAwarenessContext", FD_SET_THREAD_DPI_AWARENESS_CONTEXT);
    }

    @Override
    public int createDxgiFactory1(long riid, long factoryOut) {
        try {
            return (int) createDxgiFactory1.invokeExact(riid, factoryOut);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    @Override
    public int d3d11CreateDevice(long adapter, int driverType, long software, int flags, long featureLevels,
                                 int featureLevelCount, int sdkVersion, long deviceOut, long featureLevelOut,
                                 long contextOut) {
        try {
            return (int) d3d11CreateDevice.invokeExact(adapter, driverType, software, flags, featureLevels,
                    featureLevelCount, sdkVersion, deviceOut, featureLevelOut, contextOut);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    @Override
    public long setThreadDpiAwarenessContext(long context) {
        if (setThreadDpiAwarenessContext == null) {
            return 0;
        }
        try {
            return (long) setThreadDpiAwarenessContext.invokeExact(context);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
