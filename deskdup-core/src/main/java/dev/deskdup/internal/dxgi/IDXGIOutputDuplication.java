package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.internal.dxgi.Com.VtableSlot;

/** IDXGIOutputDuplication (dxgi1_2.h): IUnknown 0-2, IDXGIObject 3-6, IDXGIOutputDuplication 7-14. */
final class IDXGIOutputDuplication {

    private IDXGIOutputDuplication() {
    }

    static final VtableSlot GET_DESC = new VtableSlot("IDXGIOutputDuplication", "GetDesc", 7, Com.FD_V_PP);
    static final VtableSlot ACQUIRE_NEXT_FRAME = new VtableSlot("IDXGIOutputDuplication", "AcquireNextFrame", 8,
            Com.FD_I_PIPP);
    static final VtableSlot GET_FRAME_DIRTY_RECTS = new VtableSlot("IDXGIOutputDuplication", "GetFrameDirtyRects", 9,
            Com.FD_I_PIPP);
    static final VtableSlot GET_FRAME_MOVE_RECTS = new VtableSlot("IDXGIOutputDuplication", "GetFrameMoveRects", 10,
            Com.FD_I_PIPP);
    static final VtableSlot GET_FRAME_POINTER_SHAPE = new VtableSlot("IDXGIOutputDuplication",
            "GetFramePointerShape", 11, Com.FD_I_PIPPP);
    static final VtableSlot RELEASE_FRAME = new VtableSlot("IDXGIOutputDuplication", "ReleaseFrame", 14, Com.FD_I_P);

    /** void GetDesc(DXGI_OUTDUPL_DESC *pDesc); */
    static void getDesc(long self, long desc) {
        try {
            Com.V_PP.invokeExact(GET_DESC.fn(self), self, desc);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /**
     * HRESULT AcquireNextFrame(UINT TimeoutInMilliseconds, DXGI_OUTDUPL_FRAME_INFO *pFrameInfo,
     *                          IDXGIResource **ppDesktopResource);
     */
    static int acquireNextFrame(long self, int timeoutMillis, long frameInfo, long resourceOut) {
        try {
            return (int) Com.I_PIPP.invokeExact(ACQUIRE_NEXT_FRAME.fn(self), self, timeoutMillis, frameInfo,
                    resourceOut);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /**
     * HRESULT GetFrameDirtyRects(UINT DirtyRectsBufferSize, RECT *pDirtyRectsBuffer,
     *                            UINT *pDirtyRectsBufferSizeRequired);
     */
    static int getFrameDirtyRects(long self, int bufferSize, long buffer, long sizeRequired) {
        try {
            return (int) Com.I_PIPP.invokeExact(GET_FRAME_DIRTY_RECTS.fn(self), self, bufferSize, buffer,
                    sizeRequired);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /**
     * HRESULT GetFrameMoveRects(UINT MoveRectsBufferSize, DXGI_OUTDUPL_MOVE_RECT *pMoveRectBuffer,
     *                           UINT *pMoveRectsBufferSizeRequired);
     */
    static int getFrameMoveRects(long self, int bufferSize, long buffer, long sizeRequired) {
        try {
            return (int) Com.I_PIPP.invokeExact(GET_FRAME_MOVE_RECTS.fn(self), self, bufferSize, buffer,
                    sizeRequired);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /**
     * HRESULT GetFramePointerShape(UINT PointerShapeBufferSize, void *pPointerShapeBuffer,
     *         UINT *pPointerShapeBufferSizeRequired, DXGI_OUTDUPL_POINTER_SHAPE_INFO *pPointerShapeInfo);
     */
    static int getFramePointerShape(long self, int bufferSize, long buffer, long sizeRequired, long shapeInfo) {
        try {
            return (int) Com.I_PIPPP.invokeExact(GET_FRAME_POINTER_SHAPE.fn(self), self, bufferSize, buffer,
                    sizeRequired, shapeInfo);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** HRESULT ReleaseFrame(); */
    static int releaseFrame(long self) {
        try {
            return (int) Com.I_P.invokeExact(RELEASE_FRAME.fn(self), self);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
