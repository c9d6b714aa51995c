package dev.deskdup.internal.pipewire;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Writes SPA pods (the {@code spa/pod/builder.h} format, which exists only as C inline functions and macros) into
 * a memory segment, native byte order.
 *
 * <pre>
 *  every pod:   uint32 size (of the body)   uint32 type   body …   padding to 8 bytes (not counted in size)
 *  Object body: uint32 object type   uint32 id   then properties: uint32 key, uint32 flags, value pod
 *  Choice body: uint32 choice type   uint32 flags   uint32 child size   uint32 child type   values (unpadded)
 * </pre>
 *
 * Containers are opened with {@code push…}, which returns a mark, and closed with {@link #pop(int)}, which
 * writes their size. Not thread-safe; allocation-free.
 */
public final class PodBuilder {

    private final MemorySegment seg;
    private int pos;

    public PodBuilder(MemorySegment seg) {
        this.seg = seg;
    }

    /** Bytes written so far. */
    public int position() {
        return pos;
    }

    public MemorySegment segment() {
        return seg;
    }

    /** The pod starting at {@code mark}, as a segment of its whole length. */
    public MemorySegment pod(int mark) {
        return seg.asSlice(mark, 8 + seg.get(JAVA_INT, mark));
    }

    private void need(int n) {
        if (pos + n > seg.byteSize()) {
            throw new IllegalStateException("pod buffer of " + seg.byteSize() + " bytes is full (needs "
                    + (pos + n) + ")");
        }
    }

    private void int32(int v) {
        need(4);
        seg.set(JAVA_INT, pos, v);
        pos += 4;
    }

    private void pad() {
        while ((pos & 7) != 0) {
            need(1);
            seg.set(JAVA_BYTE, pos++, (byte) 0);
        }
    }

    private void header(int size, int type) {
        int32(size);
        int32(type);
    }

    public PodBuilder id(int v) {
        header(4, SpaIds.SPA_TYPE_Id);
        int32(v);
        pad();
        return this;
    }

    public PodBuilder int32Pod(int v) {
        header(4, SpaIds.SPA_TYPE_Int);
        int32(v);
        pad();
        return this;
    }

    public PodBuilder bool(boolean v) {
        header(4, SpaIds.SPA_TYPE_Bool);
        int32(v ? 1 : 0);
        pad();
        return this;
    }

    public PodBuilder int64Pod(long v) {
        header(8, SpaIds.SPA_TYPE_Long);
        need(8);
        seg.set(JAVA_LONG, pos, v);
        pos += 8;
        return this;
    }

    public PodBuilder rectangle(int width, int height) {
        header(8, SpaIds.SPA_TYPE_Rectangle);
        int32(width);
        int32(height);
        return this;
    }

    public PodBuilder fraction(int num, int denom) {
        header(8, SpaIds.SPA_TYPE_Fraction);
        int32(num);
        int32(denom);
        return this;
    }

    /** Opens an object of {@code type} (e.g. Format) for param {@code id} (e.g. EnumFormat); returns its mark. */
    public int pushObject(int type, int id) {
        pad();
        int mark = pos;
        header(0, SpaIds.SPA_TYPE_Object);
        int32(type);
        int32(id);
        return mark;
    }

    /** Opens a struct; returns its mark. */
    public int pushStruct() {
        pad();
        int mark = pos;
        header(0, SpaIds.SPA_TYPE_Struct);
        return mark;
    }

    /** Starts a property of the open object; its value pod comes next. */
    public PodBuilder prop(int key, int flags) {
        int32(key);
        int32(flags);
        return this;
    }

    /** Closes the container opened at {@code mark}, writing its size; returns the mark. */
    public int pop(int mark) {
        seg.set(JAVA_INT, mark, pos - mark - 8);
        pad();
        return mark;
    }

    private int pushChoice(int choiceType, int childSize, int childType) {
        int mark = pos;
        header(0, SpaIds.SPA_TYPE_Choice);
        int32(choiceType);
        int32(0);
        int32(childSize);
        int32(childType);
        return mark;
    }

    /** An enumeration of ids; the first is the preferred (default) one, and appears again in the list. */
    public PodBuilder choiceEnumId(int preferred, int... alternatives) {
        int mark = pushChoice(SpaIds.SPA_CHOICE_Enum, 4, SpaIds.SPA_TYPE_Id);
        int32(preferred);
        for (int a : alternatives) {
            int32(a);
        }
        pop(mark);
        return this;
    }

    /** An enumeration of longs (e.g. DRM modifiers); the first is the default. */
    public PodBuilder choiceEnumLong(long preferred, long... alternatives) {
        int mark = pushChoice(SpaIds.SPA_CHOICE_Enum, 8, SpaIds.SPA_TYPE_Long);
        need(8 * (1 + alternatives.length));
        seg.set(JAVA_LONG, pos, preferred);
        pos += 8;
        for (long a : alternatives) {
            seg.set(JAVA_LONG, pos, a);
            pos += 8;
        }
        pop(mark);
        return this;
    }

    public PodBuilder choiceRangeInt(int preferred, int min, int max) {
        int mark = pushChoice(SpaIds.SPA_CHOICE_Range, 4, SpaIds.SPA_TYPE_Int);
        int32(preferred);
        int32(min);
        int32(max);
        pop(mark);
        return this;
    }

    /** Flags: the value is a bit mask of what is allowed (e.g. data types). */
    public PodBuilder choiceFlagsInt(int flags) {
        int mark = pushChoice(SpaIds.SPA_CHOICE_Flags, 4, SpaIds.SPA_TYPE_Int);
        int32(flags);
        pop(mark);
        return this;
    }

    public PodBuilder choiceRangeRectangle(int prefW, int prefH, int minW, int minH, int maxW, int maxH) {
        int mark = pushChoice(SpaIds.SPA_CHOICE_Range, 8, SpaIds.SPA_TYPE_Rectangle);
        int32(prefW);
        int32(prefH);
        int32(minW);
        int32(minH);
        int32(maxW);
        int32(maxH);
        pop(mark);
        return this;
    }

    public PodBuilder choiceRangeFraction(int prefNum, int prefDenom, int minNum, int minDenom, int maxNum,
                                          int maxDenom) {
        int mark = pushChoice(SpaIds.SPA_CHOICE_Range, 8, SpaIds.SPA_TYPE_Fraction);
        int32(prefNum);
        int32(prefDenom);
        int32(minNum);
        int32(minDenom);
        int32(maxNum);
        int32(maxDenom);
        pop(mark);
        return this;
    }
}
