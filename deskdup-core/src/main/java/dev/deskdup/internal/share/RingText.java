package dev.deskdup.internal.share;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** NUL-terminated text fields of a ring header. */
final class RingText {

    private RingText() {
    }

    static String ascii(MemorySegment segment, long offset, int maxLength) {
        return text(segment, offset, maxLength, StandardCharsets.US_ASCII);
    }

    static String utf8(MemorySegment segment, long offset, int maxLength) {
        return text(segment, offset, maxLength, StandardCharsets.UTF_8);
    }

    private static String text(MemorySegment segment, long offset, int maxLength, java.nio.charset.Charset cs) {
        int n = 0;
        while (n < maxLength && segment.get(ValueLayout.JAVA_BYTE, offset + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, bytes, 0, n);
        return new String(bytes, cs);
    }
}
