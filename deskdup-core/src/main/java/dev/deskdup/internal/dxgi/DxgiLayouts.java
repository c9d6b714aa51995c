package dev.deskdup.internal.dxgi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_CHAR;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The DXGI/D3D11 structures we read and write, with Windows x64 sizes: LONG, UINT, BOOL, enums and HRESULT are
 * 4 bytes, LARGE_INTEGER and SIZE_T 8, pointers and handles 8. Padding is explicit, as MSVC lays them out.
 * Offsets are derived from the layouts, never typed; {@code DxgiAbiTest} checks both against the SDK headers.
 */
public final class DxgiLayouts {

    private DxgiLayouts() {
    }

    static long off(MemoryLayout layout, PathElement... path) {
        return layout.byteOffset(path);
    }

    // windef.h
    public static final StructLayout RECT = MemoryLayout.structLayout(
            JAVA_INT.withName("left"), JAVA_INT.withName("top"),
            JAVA_INT.withName("right"), JAVA_INT.withName("bottom")).withName("RECT");
    public static final long RECT_LEFT = off(RECT, groupElement("left"));
    public static final long RECT_TOP = off(RECT, groupElement("top"));
    public static final long RECT_RIGHT = off(RECT, groupElement("right"));
    public static final long RECT_BOTTOM = off(RECT, groupElement("bottom"));

    public static final StructLayout POINT = MemoryLayout.structLayout(
            JAVA_INT.withName("x"), JAVA_INT.withName("y")).withName("POINT");

    public static final StructLayout LUID = MemoryLayout.structLayout(
            JAVA_INT.withName("LowPart"), JAVA_INT.withName("HighPart")).withName("LUID");

    // dxgi1_2.h
    public static final StructLayout DXGI_OUTDUPL_MOVE_RECT = MemoryLayout.structLayout(
            POINT.withName("SourcePoint"), RECT.withName("DestinationRect")).withName("DXGI_OUTDUPL_MOVE_RECT");
    public static final long MOVE_SOURCE_X = off(DXGI_OUTDUPL_MOVE_RECT, groupElement("SourcePoint"),
            groupElement("x"));
    public static final long MOVE_SOURCE_Y = off(DXGI_OUTDUPL_MOVE_RECT, groupElement("SourcePoint"),
            groupElement("y"));
    public static final long MOVE_DEST = off(DXGI_OUTDUPL_MOVE_RECT, groupElement("DestinationRect"));

    public static final StructLayout DXGI_OUTDUPL_POINTER_POSITION = MemoryLayout.structLayout(
            POINT.withName("Position"), JAVA_INT.withName("Visible")).withName("DXGI_OUTDUPL_POINTER_POSITION");

    public static final StructLayout DXGI_OUTDUPL_FRAME_INFO = MemoryLayout.structLayout(
            JAVA_LONG.withName("LastPresentTime"),
            JAVA_LONG.withName("LastMouseUpdateTime"),
            JAVA_INT.withName("AccumulatedFrames"),
            JAVA_INT.withName("RectsCoalesced"),
            JAVA_INT.withName("ProtectedContentMaskedOut"),
            DXGI_OUTDUPL_POINTER_POSITION.withName("PointerPosition"),
            JAVA_INT.withName("TotalMetadataBufferSize"),
            JAVA_INT.withName("PointerShapeBufferSize")).withName("DXGI_OUTDUPL_FRAME_INFO");
    public static final long FI_LAST_PRESENT_TIME = off(DXGI_OUTDUPL_FRAME_INFO, groupElement("LastPresentTime"));
    public static final long FI_LAST_MOUSE_UPDATE_TIME = off(DXGI_OUTDUPL_FRAME_INFO,
            groupElement("LastMouseUpdateTime"));
    public static final long FI_ACCUMULATED_FRAMES = off(DXGI_OUTDUPL_FRAME_INFO, groupElement("AccumulatedFrames"));
    public static final long FI_POINTER_X = off(DXGI_OUTDUPL_FRAME_INFO, groupElement("PointerPosition"),
            groupElement("Position"), groupElement("x"));
    public static final long FI_POINTER_Y = off(DXGI_OUTDUPL_FRAME_INFO, groupElement("PointerPosition"),
            groupElement("Position"), groupElement("y"));
    public static final long FI_POINTER_VISIBLE = off(DXGI_OUTDUPL_FRAME_INFO, groupElement("PointerPosition"),
            groupElement("Visible"));
    public static final long FI_TOTAL_METADATA_BUFFER_SIZE = off(DXGI_OUTDUPL_FRAME_INFO,
            groupElement("TotalMetadataBufferSize"));
    public static final long FI_POINTER_SHAPE_BUFFER_SIZE = off(DXGI_OUTDUPL_FRAME_INFO,
            groupElement("PointerShapeBufferSize"));

    // dxgitype.h / dxgicommon.h
    public static final StructLayout DXGI_RATIONAL = MemoryLayout.structLayout(
            JAVA_INT.withName("Numerator"), JAVA_INT.withName("Denominator")).withName("DXGI_RATIONAL");
    public static final StructLayout DXGI_MODE_DESC = MemoryLayout.structLayout(
            JAVA_INT.withName("Width"), JAVA_INT.withName("Height"), DXGI_RATIONAL.withName("RefreshRate"),
            JAVA_INT.withName("Format"), JAVA_INT.withName("ScanlineOrdering"), JAVA_INT.withName("Scaling"))
            .withName("DXGI_MODE_DESC");

    public static final StructLayout DXGI_OUTDUPL_DESC = MemoryLayout.structLayout(
            DXGI_MODE_DESC.withName("ModeDesc"), JAVA_INT.withName("Rotation"),
            JAVA_INT.withName("DesktopImageInSystemMemory")).withName("DXGI_OUTDUPL_DESC");
    public static final long DD_WIDTH = off(DXGI_OUTDUPL_DESC, groupElement("ModeDesc"), groupElement("Width"));
    public static final long DD_HEIGHT = off(DXGI_OUTDUPL_DESC, groupElement("ModeDesc"), groupElement("Height"));
    public static final long DD_FORMAT = off(DXGI_OUTDUPL_DESC, groupElement("ModeDesc"), groupElement("Format"));
    public static final long DD_ROTATION = off(DXGI_OUTDUPL_DESC, groupElement("Rotation"));

    public static final StructLayout DXGI_OUTDUPL_POINTER_SHAPE_INFO = MemoryLayout.structLayout(
            JAVA_INT.withName("Type"), JAVA_INT.withName("Width"), JAVA_INT.withName("Height"),
            JAVA_INT.withName("Pitch"), POINT.withName("HotSpot")).withName("DXGI_OUTDUPL_POINTER_SHAPE_INFO");
    public static final long PS_TYPE = off(DXGI_OUTDUPL_POINTER_SHAPE_INFO, groupElement("Type"));
    public static final long PS_WIDTH = off(DXGI_OUTDUPL_POINTER_SHAPE_INFO, groupElement("Width"));
    public static final long PS_HEIGHT = off(DXGI_OUTDUPL_POINTER_SHAPE_INFO, groupElement("Height"));
    public static final long PS_PITCH = off(DXGI_OUTDUPL_POINTER_SHAPE_INFO, groupElement("Pitch"));
    public static final long PS_HOTSPOT_X = off(DXGI_OUTDUPL_POINTER_SHAPE_INFO, groupElement("HotSpot"),
            groupElement("x"));
    public static final long PS_HOTSPOT_Y = off(DXGI_OUTDUPL_POINTER_SHAPE_INFO, groupElement("HotSpot"),
            groupElement("y"));

    // dxgi.h
    public static final int OUTPUT_DEVICE_NAME_CHARS = 32;
    public static final StructLayout DXGI_OUTPUT_DESC = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(OUTPUT_DEVICE_NAME_CHARS, JAVA_CHAR).withName("DeviceName"),
            RECT.withName("DesktopCoordinates"),
            JAVA_INT.withName("AttachedToDesktop"),
            JAVA_INT.withName("Rotation"),
            ADDRESS.withName("Monitor")).withName("DXGI_OUTPUT_DESC");
    public static final long OD_DEVICE_NAME = off(DXGI_OUTPUT_DESC, groupElement("DeviceName"));
    public static final long OD_DESKTOP_COORDINATES = off(DXGI_OUTPUT_DESC, groupElement("DesktopCoordinates"));
    public static final long OD_ATTACHED = off(DXGI_OUTPUT_DESC, groupElement("AttachedToDesktop"));
    public static final long OD_ROTATION = off(DXGI_OUTPUT_DESC, groupElement("Rotation"));

    public static final int ADAPTER_DESCRIPTION_CHARS = 128;
    public static final StructLayout DXGI_ADAPTER_DESC1 = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(ADAPTER_DESCRIPTION_CHARS, JAVA_CHAR).withName("Description"),
            JAVA_INT.withName("VendorId"), JAVA_INT.withName("DeviceId"), JAVA_INT.withName("SubSysId"),
            JAVA_INT.withName("Revision"),
            JAVA_LONG.withName("DedicatedVideoMemory"), JAVA_LONG.withName("DedicatedSystemMemory"),
            JAVA_LONG.withName("SharedSystemMemory"),
            LUID.withName("AdapterLuid"),
            JAVA_INT.withName("Flags"),
            MemoryLayout.paddingLayout(4)).withName("DXGI_ADAPTER_DESC1");
    public static final long AD_DESCRIPTION = off(DXGI_ADAPTER_DESC1, groupElement("Description"));
    public static final long AD_FLAGS = off(DXGI_ADAPTER_DESC1, groupElement("Flags"));
    public static final long AD_LUID = off(DXGI_ADAPTER_DESC1, groupElement("AdapterLuid"));

    // d3d11.h
    public static final StructLayout DXGI_SAMPLE_DESC = MemoryLayout.structLayout(
            JAVA_INT.withName("Count"), JAVA_INT.withName("Quality")).withName("DXGI_SAMPLE_DESC");
    public static final StructLayout D3D11_TEXTURE2D_DESC = MemoryLayout.structLayout(
            JAVA_INT.withName("Width"), JAVA_INT.withName("Height"), JAVA_INT.withName("MipLevels"),
            JAVA_INT.withName("ArraySize"), JAVA_INT.withName("Format"), DXGI_SAMPLE_DESC.withName("SampleDesc"),
            JAVA_INT.withName("Usage"), JAVA_INT.withName("BindFlags"), JAVA_INT.withName("CPUAccessFlags"),
            JAVA_INT.withName("MiscFlags")).withName("D3D11_TEXTURE2D_DESC");
    public static final long TD_WIDTH = off(D3D11_TEXTURE2D_DESC, groupElement("Width"));
    public static final long TD_HEIGHT = off(D3D11_TEXTURE2D_DESC, groupElement("Height"));
    public static final long TD_MIP_LEVELS = off(D3D11_TEXTURE2D_DESC, groupElement("MipLevels"));
    public static final long TD_ARRAY_SIZE = off(D3D11_TEXTURE2D_DESC, groupElement("ArraySize"));
    public static final long TD_FORMAT = off(D3D11_TEXTURE2D_DESC, groupElement("Format"));
    public static final long TD_SAMPLE_COUNT = off(D3D11_TEXTURE2D_DESC, groupElement("SampleDesc"),
            groupElement("Count"));
    public static final long TD_SAMPLE_QUALITY = off(D3D11_TEXTURE2D_DESC, groupElement("SampleDesc"),
            groupElement("Quality"));
    public static final long TD_USAGE = off(D3D11_TEXTURE2D_DESC, groupElement("Usage"));
    public static final long TD_BIND_FLAGS = off(D3D11_TEXTURE2D_DESC, groupElement("BindFlags"));
    public static final long TD_CPU_ACCESS_FLAGS = off(D3D11_TEXTURE2D_DESC, groupElement("CPUAccessFlags"));
    public static final long TD_MISC_FLAGS = off(D3D11_TEXTURE2D_DESC, groupElement("MiscFlags"));

    public static final StructLayout D3D11_MAPPED_SUBRESOURCE = MemoryLayout.structLayout(
            ADDRESS.withName("pData"), JAVA_INT.withName("RowPitch"), JAVA_INT.withName("DepthPitch"))
            .withName("D3D11_MAPPED_SUBRESOURCE");
    public static final long MS_DATA = off(D3D11_MAPPED_SUBRESOURCE, groupElement("pData"));
    public static final long MS_ROW_PITCH = off(D3D11_MAPPED_SUBRESOURCE, groupElement("RowPitch"));

    public static final StructLayout D3D11_BOX = MemoryLayout.structLayout(
            JAVA_INT.withName("left"), JAVA_INT.withName("top"), JAVA_INT.withName("front"),
            JAVA_INT.withName("right"), JAVA_INT.withName("bottom"), JAVA_INT.withName("back"))
            .withName("D3D11_BOX");
    public static final long BOX_LEFT = off(D3D11_BOX, groupElement("left"));
    public static final long BOX_TOP = off(D3D11_BOX, groupElement("top"));
    public static final long BOX_FRONT = off(D3D11_BOX, groupElement("front"));
    public static final long BOX_RIGHT = off(D3D11_BOX, groupElement("right"));
    public static final long BOX_BOTTOM = off(D3D11_BOX, groupElement("bottom"));
    public static final long BOX_BACK = off(D3D11_BOX, groupElement("back"));

    /** A GUID: 16 bytes, {@code {Data1 (UINT), Data2, Data3 (USHORT), Data4[8]}}. */
    public static final long GUID_SIZE = 16;

    /** Every structure above, for the ABI test (it checks size and each field's offset). */
    static final StructLayout[] ALL = {
            RECT, POINT, LUID, DXGI_OUTDUPL_MOVE_RECT, DXGI_OUTDUPL_POINTER_POSITION, DXGI_OUTDUPL_FRAME_INFO,
            DXGI_RATIONAL, DXGI_MODE_DESC, DXGI_OUTDUPL_DESC, DXGI_OUTDUPL_POINTER_SHAPE_INFO, DXGI_OUTPUT_DESC,
            DXGI_ADAPTER_DESC1, DXGI_SAMPLE_DESC, D3D11_TEXTURE2D_DESC, D3D11_MAPPED_SUBRESOURCE, D3D11_BOX
    };
}
