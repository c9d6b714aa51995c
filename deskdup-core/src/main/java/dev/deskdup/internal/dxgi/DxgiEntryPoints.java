package dev.deskdup.internal.dxgi;

/**
 * The exported functions the DXGI source starts from. Injectable so tests can hand out simulated COM
 * objects; {@link #system()} binds the real ones from d3d11.dll, dxgi.dll and user32.dll. Pointers are addresses
 * ({@code long}); out-parameters point at memory the caller owns.
 */
public interface DxgiEntryPoints {

    /** DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2 (windef.h): physical pixels; DuplicateOutput1 requires it. */
    long DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2 = -4;
    /** D3D_DRIVER_TYPE_UNKNOWN (d3dcommon.h): required when an adapter is given. */
    int D3D_DRIVER_TYPE_UNKNOWN = 0;
    /** D3D11_CREATE_DEVICE_BGRA_SUPPORT (d3d11.h). */
    int D3D11_CREATE_DEVICE_BGRA_SUPPORT = 0x20;
    /** D3D11_SDK_VERSION (d3d11.h). */
    int D3D11_SDK_VERSION = 7;

    /** HRESULT CreateDXGIFactory1(REFIID riid, void **ppFactory); */
    int createDxgiFactory1(long riid, long factoryOut);

    /**
     * HRESULT D3D11CreateDevice(IDXGIAdapter *pAdapter, D3D_DRIVER_TYPE DriverType, HMODULE Software, UINT Flags,
     *         const D3D_FEATURE_LEVEL *pFeatureLevels, UINT FeatureLevels, UINT SDKVersion, ID3D11Device **ppDevice,
     *         D3D_FEATURE_LEVEL *pFeatureLevel, ID3D11DeviceContext **ppImmediateContext);
     */
    int d3d11CreateDevice(long adapter, int driverType, long software, int flags, long featureLevels,
                          int featureLevelCount, int sdkVersion, long deviceOut, long featureLevelOut,
                          long contextOut);

    /**
     * DPI awareness of the calling thread only (the process's, e.g. a Swing UI's, is left alone); the source sets
     * it around enumeration and duplication and restores the previous value.
     *
     * @return the previous context, or 0 when it could not be set (Windows older than 10 1607)
     */
    /** DPI_AWARENESS_CONTEXT SetThreadDpiAwarenessContext(DPI_AWARENESS_CONTEXT dpiContext); */
    long setThreadDpiAwarenessContext(long context);

    /** The real entry points (Windows only; loads the DLLs on first use). */
    static DxgiEntryPoints system() {
        return SystemDxgiEntryPoints.INSTANCE.get();
    }
}
