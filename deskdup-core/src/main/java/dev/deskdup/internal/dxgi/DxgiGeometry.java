package dev.deskdup.internal.dxgi;

import dev.deskdup.Region;

/**
 * What is captured, as of the last acquired texture (or, before the first, the duplication's mode): the rotation,
 * the texture's size and format, the delivered frame's size, the region's top-left in output coordinates, and the
 * staging box (the captured area in texture space, see {@link DxgiRotation}). Written on the filling thread; the
 * frame size is read from any.
 */
final class DxgiGeometry {

    private final Region region;
    private final int[] r = new int[4];

    /** DXGI_MODE_ROTATION the rest was worked out for (-1 before the first time). */
    int rotation = -1;
    /** The last acquired texture (0 before the first). */
    int textureWidth;
    int textureHeight;
    int textureFormat;
    volatile int width;
    volatile int height;
    int regionX;
    int regionY;
    int boxX;
    int boxY;
    int boxWidth;
    int boxHeight;

    DxgiGeometry(Region region) {
        this.region = region;
    }

    /** Whether the captured area fits the output a {@code tw × th} texture at {@code rotation} shows. */
    boolean fits(int rotation, int tw, int th) {
        return region == null || region.fitsIn(DxgiRotation.outputWidth(rotation, tw, th),
                DxgiRotation.outputHeight(rotation, tw, th));
    }

    /** Throws the region's own {@link IllegalArgumentException} when it does not fit (at open: bad input). */
    void checkFits(int rotation, int tw, int th) {
        if (region != null) {
            region.checkWithin(DxgiRotation.outputWidth(rotation, tw, th), DxgiRotation.outputHeight(rotation, tw, th));
        }
    }

    /** {@code region=... no longer fits output=NAME after a mode change to WxH}, for the failure. */
    String misfit(String output, int rotation, int tw, int th) {
        return "region=" + region + " no longer fits output=" + output + " after a mode change to "
                + DxgiRotation.outputWidth(rotation, tw, th) + "x" + DxgiRotation.outputHeight(rotation, tw, th)
                + " (open the capture again with a region inside the new mode)";
    }

    /**
     * Works out frame size, region offset and staging box for a {@code tw × th} texture at {@code rotation} (the
     * region must fit).
     *
     * @return whether the delivered frame's size or orientation changed
     */
    boolean apply(int rotation, int tw, int th) {
        int ow = DxgiRotation.outputWidth(rotation, tw, th);
        int oh = DxgiRotation.outputHeight(rotation, tw, th);
        regionX = region == null ? 0 : region.x();
        regionY = region == null ? 0 : region.y();
        int fw = region == null ? ow : region.width();
        int fh = region == null ? oh : region.height();
        DxgiRotation.outputToTexture(rotation, regionX, regionY, fw, fh, ow, oh, r);
        boxX = r[0];
        boxY = r[1];
        boxWidth = r[2];
        boxHeight = r[3];
        boolean changed = rotation != this.rotation || fw != width || fh != height;
        this.rotation = rotation;
        width = fw;
        height = fh;
        return changed;
    }

    /** Whether a texture just acquired is what the geometry was worked out for. */
    boolean matches(int rotation, int tw, int th, int format) {
        return rotation == this.rotation && tw == textureWidth && th == textureHeight && format == textureFormat;
    }

    void texture(int tw, int th, int format) {
        textureWidth = tw;
        textureHeight = th;
        textureFormat = format;
    }
}
