package dev.deskdup.internal.pipewire;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Reads SPA pods ({@code spa/pod/parser.h} and {@code iter.h}, C inline code in PipeWire) from a segment holding
 * one whole pod. Offsets are into that segment; every read is bounds-checked by the segment, and sizes are checked
 * against it, so a malformed pod fails with {@link IllegalArgumentException}, never reads past its end.
 *
 * <p>A value asked for where a {@code Choice} stands yields the choice's default (its first value), as
 * {@code spa_pod_get_values} does for a fixated format.
 */
public final class PodParser {

    private final MemorySegment seg;

    /** @param seg exactly one pod (header included) */
    public PodParser(MemorySegment seg) {
        this.seg = seg;
        check(0);
    }

    /** A parser over the pod at {@code address}, whose length is read from its header. */
    public static PodParser at(MemorySegment address) {
        MemorySegment header = address.reinterpret(8);
        long size = Integer.toUnsignedLong(header.get(JAVA_INT, 0));
        if (size > (1 << 24)) {
            throw new IllegalArgumentException("pod size=" + size + " is implausible (over 16 MiB)");
        }
        return new PodParser(address.reinterpret(8 + size));
    }

    public int size(long off) {
        return seg.get(JAVA_INT, off);
    }

    public int type(long off) {
        return seg.get(JAVA_INT, off + 4);
    }

    private void check(long off) {
        if (off + 8 > seg.byteSize() || off + 8 + Integer.toUnsignedLong(size(off)) > seg.byteSize()) {
            throw new IllegalArgumentException("pod at offset " + off + " overruns its buffer of "
                    + seg.byteSize() + " bytes");
        }
    }

    private static long padded(long n) {
        return (n + 7) & ~7L;
    }

    /** The object type of the object pod at {@code off} (e.g. {@code SPA_TYPE_OBJECT_Format}). */
    public int objectType(long off) {
        requireType(off, SpaIds.SPA_TYPE_Object);
        return seg.get(JAVA_INT, off + 8);
    }

    /** The param id of the object pod at {@code off} (e.g. {@code SPA_PARAM_EnumFormat}). */
    public int objectId(long off) {
        requireType(off, SpaIds.SPA_TYPE_Object);
        return seg.get(JAVA_INT, off + 12);
    }

    /** The offset of the value pod of property {@code key} of the object at {@code off}, or -1. */
    public long findProp(long off, int key) {
        requireType(off, SpaIds.SPA_TYPE_Object);
        long end = off + 8 + size(off);
        long p = off + 16;
        while (p + 16 <= end) {
            int k = seg.get(JAVA_INT, p);
            long value = p + 8;
            check(value);
            if (k == key) {
                return value;
            }
            p = value + padded(8 + size(value));
        }
        return -1;
    }

    /** The flags of the property whose value pod is at {@code valueOff} (found with {@link #findProp}). */
    public int propFlags(long valueOff) {
        return seg.get(JAVA_INT, valueOff - 4);
    }

    private void requireType(long off, int type) {
        check(off);
        if (type(off) != type) {
            throw new IllegalArgumentException("pod at offset " + off + " has type=" + type(off) + ", expected "
                    + type);
        }
    }

    /** For a Choice pod: its choice type ({@code SPA_CHOICE_None/Range/Enum/…}); -1 for a plain value. */
    public int choiceType(long off) {
        return type(off) == SpaIds.SPA_TYPE_Choice ? seg.get(JAVA_INT, off + 8) : -1;
    }

    /** Number of values: 1 for a plain value, the count of alternatives (default included) for a choice. */
    public int valueCount(long off) {
        check(off);
        if (type(off) != SpaIds.SPA_TYPE_Choice) {
            return 1;
        }
        int childSize = seg.get(JAVA_INT, off + 16);
        if (childSize <= 0) {
            throw new IllegalArgumentException("choice pod at offset " + off + " has child size=" + childSize);
        }
        return (size(off) - 16) / childSize;
    }

    /** The type of the values (the choice's child type for a choice). */
    public int valueType(long off) {
        check(off);
        return type(off) == SpaIds.SPA_TYPE_Choice ? seg.get(JAVA_INT, off + 20) : type(off);
    }

    /** Where value {@code index} starts (for a plain value: its body). */
    private long valueAt(long off, int index, int expectedType, int bytes) {
        check(off);
        if (valueType(off) != expectedType) {
            throw new IllegalArgumentException("pod at offset " + off + " holds type=" + valueType(off)
                    + ", expected " + expectedType);
        }
        if (type(off) != SpaIds.SPA_TYPE_Choice) {
            if (index != 0 || size(off) < bytes) {
                throw new IllegalArgumentException("pod at offset " + off + " has no value " + index);
            }
            return off + 8;
        }
        int childSize = seg.get(JAVA_INT, off + 16);
        if (childSize < bytes || index >= valueCount(off)) {
            throw new IllegalArgumentException("choice pod at offset " + off + " has no value " + index);
        }
        return off + 24 + (long) index * childSize;
    }

    public int id(long off, int index) {
        return seg.get(JAVA_INT, valueAt(off, index, SpaIds.SPA_TYPE_Id, 4));
    }

    public int int32(long off, int index) {
        return seg.get(JAVA_INT, valueAt(off, index, SpaIds.SPA_TYPE_Int, 4));
    }

    public long int64(long off, int index) {
        return seg.get(JAVA_LONG, valueAt(off, index, SpaIds.SPA_TYPE_Long, 8));
    }

    /** Width of a Rectangle value. */
    public int rectangleWidth(long off, int index) {
        return seg.get(JAVA_INT, valueAt(off, index, SpaIds.SPA_TYPE_Rectangle, 8));
    }

    public int rectangleHeight(long off, int index) {
        return seg.get(JAVA_INT, valueAt(off, index, SpaIds.SPA_TYPE_Rectangle, 8) + 4);
    }

    public int fractionNum(long off, int index) {
        return seg.get(JAVA_INT, valueAt(off, index, SpaIds.SPA_TYPE_Fraction, 8));
    }

    public int fractionDenom(long off, int index) {
        return seg.get(JAVA_INT, valueAt(off, index, SpaIds.SPA_TYPE_Fraction, 8) + 4);
    }
}
