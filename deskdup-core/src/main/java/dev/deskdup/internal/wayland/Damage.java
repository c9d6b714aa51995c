package dev.deskdup.internal.wayland;

import dev.deskdup.internal.pipewire.SpaBuffers;
import dev.deskdup.spi.RectSet;

/** Reading {@code SPA_META_VideoDamage} (an array of {@code spa_meta_region} ended by an empty one) into a set. */
final class Damage {

    private Damage() {
    }

    /**
     * Adds a buffer's damage, shifted by {@code -dx, -dy} (a crop) and clipped to {@code w × h}.
     *
     * @return false when the buffer carries no damage metadata or no valid region (then the whole frame is owed)
     */
    static boolean addTo(RectSet out, StreamBuffer b, int dx, int dy, int w, int h) {
        if (b.damage == 0) {
            return false;
        }
        long regions = SpaBuffers.metaData(b.damage);
        long count = SpaBuffers.metaSize(b.damage) / SpaBuffers.REGION_SIZE;
        int valid = 0;
        for (long i = 0; i < count; i++) {
            long r = regions + i * SpaBuffers.REGION_SIZE;
            int rw = SpaBuffers.regionWidth(r), rh = SpaBuffers.regionHeight(r);
            if (rw <= 0 || rh <= 0) {
                break;
            }
            out.addClipped(SpaBuffers.regionX(r) - dx, SpaBuffers.regionY(r) - dy, rw, rh, w, h);
            valid++;
        }
        return valid > 0;
    }
}
