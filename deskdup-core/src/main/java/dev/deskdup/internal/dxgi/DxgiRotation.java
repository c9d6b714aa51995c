package dev.deskdup.internal.dxgi;

/**
 * Coordinates of a rotated output. DXGI hands out the desktop image <em>unrotated</em> (in the panel's scan-out
 * orientation): on a portrait monitor at 90° whose desktop is 768x1024 the acquired texture is 1024x768, and the
 * move and dirty rectangles are in that texture's coordinates (Microsoft's DesktopDuplication sample,
 * {@code SetDirtyVert}; WebRTC's {@code DxgiOutputDuplicator}). Frames are delivered upright, as the user sees the
 * desktop, so rectangles are turned into output orientation and pixels are turned while they are copied out.
 *
 * <p>Three spaces: <b>texture</b> ({@code tw × th}, unrotated), <b>output</b> ({@code ow × oh}, desktop
 * orientation, origin at the output's top-left; a region and the pointer position live here) and, for the copy,
 * the <b>staging box</b>: the captured area in texture space, the staging texture's own coordinates. Rectangles
 * are {@code x, y, width, height} written into a caller's {@code int[4]}, so nothing is allocated.
 */
final class DxgiRotation {

    // DXGI_MODE_ROTATION (dxgitype.h)
    static final int DXGI_MODE_ROTATION_UNSPECIFIED = 0;
    static final int DXGI_MODE_ROTATION_IDENTITY = 1;
    static final int DXGI_MODE_ROTATION_ROTATE90 = 2;
    static final int DXGI_MODE_ROTATION_ROTATE180 = 3;
    static final int DXGI_MODE_ROTATION_ROTATE270 = 4;

    private DxgiRotation() {
    }

    /** Whether width and height trade places between texture and output (90° and 270°). */
    static boolean swapsAxes(int rotation) {
        return rotation == DXGI_MODE_ROTATION_ROTATE90 || rotation == DXGI_MODE_ROTATION_ROTATE270;
    }

    /** The rotation in degrees clockwise, for messages and features (0 for identity and unspecified). */
    static int degrees(int rotation) {
        return switch (rotation) {
            case DXGI_MODE_ROTATION_ROTATE90 -> 90;
            case DXGI_MODE_ROTATION_ROTATE180 -> 180;
            case DXGI_MODE_ROTATION_ROTATE270 -> 270;
            default -> 0;
        };
    }

    /** The output-space width of a {@code tw × th} texture. */
    static int outputWidth(int rotation, int tw, int th) {
        return swapsAxes(rotation) ? th : tw;
    }

    /** The output-space height of a {@code tw × th} texture. */
    static int outputHeight(int rotation, int tw, int th) {
        return swapsAxes(rotation) ? tw : th;
    }

    /** A texture rectangle {@code [l, r) × [t, b)} of a {@code tw × th} texture, in output space. */
    static void textureToOutput(int rotation, int l, int t, int r, int b, int tw, int th, int[] out) {
        switch (rotation) {
            case DXGI_MODE_ROTATION_ROTATE90 -> set(out, th - b, l, b - t, r - l);
            case DXGI_MODE_ROTATION_ROTATE180 -> set(out, tw - r, th - b, r - l, b - t);
            case DXGI_MODE_ROTATION_ROTATE270 -> set(out, t, tw - r, b - t, r - l);
            default -> set(out, l, t, r - l, b - t);
        }
    }

    /** An output rectangle of an {@code ow × oh} output, in texture space. */
    static void outputToTexture(int rotation, int x, int y, int w, int h, int ow, int oh, int[] out) {
        switch (rotation) {
            case DXGI_MODE_ROTATION_ROTATE90 -> set(out, y, ow - (x + w), h, w);
            case DXGI_MODE_ROTATION_ROTATE180 -> set(out, ow - (x + w), oh - (y + h), w, h);
            case DXGI_MODE_ROTATION_ROTATE270 -> set(out, oh - (y + h), x, h, w);
            default -> set(out, x, y, w, h);
        }
    }

    /**
     * A rectangle of the delivered {@code fw × fh} frame, in the staging box (the frame's area in texture space,
     * whose origin is the texture point shown at the frame's corner that the rotation moved to the top-left).
     */
    static void frameToStaging(int rotation, int x, int y, int w, int h, int fw, int fh, int[] out) {
        switch (rotation) {
            case DXGI_MODE_ROTATION_ROTATE90 -> set(out, y, fw - (x + w), h, w);
            case DXGI_MODE_ROTATION_ROTATE180 -> set(out, fw - (x + w), fh - (y + h), w, h);
            case DXGI_MODE_ROTATION_ROTATE270 -> set(out, fh - (y + h), x, h, w);
            default -> set(out, x, y, w, h);
        }
    }

    /** Column in the staging box of the frame pixel {@code (fx, fy)}. */
    static int stagingX(int rotation, int fx, int fy, int fw, int fh) {
        return switch (rotation) {
            case DXGI_MODE_ROTATION_ROTATE90 -> fy;
            case DXGI_MODE_ROTATION_ROTATE180 -> fw - 1 - fx;
            case DXGI_MODE_ROTATION_ROTATE270 -> fh - 1 - fy;
            default -> fx;
        };
    }

    /** Row in the staging box of the frame pixel {@code (fx, fy)}. */
    static int stagingY(int rotation, int fx, int fy, int fw, int fh) {
        return switch (rotation) {
            case DXGI_MODE_ROTATION_ROTATE90 -> fw - 1 - fx;
            case DXGI_MODE_ROTATION_ROTATE180 -> fh - 1 - fy;
            case DXGI_MODE_ROTATION_ROTATE270 -> fx;
            default -> fy;
        };
    }

    private static void set(int[] out, int x, int y, int w, int h) {
        out[0] = x;
        out[1] = y;
        out[2] = w;
        out[3] = h;
    }
}
