package dev.deskdup.internal.share;

/**
 * The fixed shape of one ring file (one geometry generation): how many slots and reader entries, and the frame size.
 */
record RingGeometry(int slotCount, int readerCapacity, int width, int height, int stride) {

    RingGeometry {
        if (slotCount < 2 || slotCount > RingDescriptor.MAX_SLOTS) {
            throw new IllegalArgumentException("slots=" + slotCount + " must be between 2 and "
                    + RingDescriptor.MAX_SLOTS);
        }
        if (readerCapacity < 1 || readerCapacity > RingDescriptor.MAX_READERS) {
            throw new IllegalArgumentException("readers=" + readerCapacity + " must be between 1 and "
                    + RingDescriptor.MAX_READERS);
        }
        if (width < 1 || height < 1 || stride < width * 4L) {
            throw new IllegalArgumentException("frame geometry width=" + width + ", height=" + height + ", stride="
                    + stride + " is impossible (stride must be at least width*4)");
        }
    }

    long metadataLength() {
        return RingDescriptor.metadataLength(slotCount, readerCapacity);
    }

    long pixelsOffset() {
        return RingDescriptor.pixelsOffset(slotCount, readerCapacity);
    }

    long slotPixelsLength() {
        return RingDescriptor.slotPixelsLength(stride, height);
    }

    long pixelsLength() {
        return slotCount * slotPixelsLength();
    }

    long fileLength() {
        return RingDescriptor.fileLength(slotCount, readerCapacity, stride, height);
    }

    /** The bytes of one frame in a slot: {@code stride * (height - 1) + width * 4}. */
    long frameBytes() {
        return (long) stride * (height - 1) + (long) width * 4;
    }

    boolean sameFrameShape(int w, int h, int s) {
        return width == w && height == h && stride == s;
    }
}
