package dev.deskdup.xvfb;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * libxcb-xtest (xtest.h): fake input as a device makes it, for tests of input-driven capture (pointer motion).
 * Loaded on first use, so that drawing needs nothing but libxcb.
 */
final class XcbXTest {

    private XcbXTest() {
    }

    /** XCB_MOTION_NOTIFY, the fake event type of pointer motion. */
    private static final byte MOTION_NOTIFY = 6;

    /**
     * xcb_void_cookie_t xcb_test_fake_input(xcb_connection_t *c, uint8_t type, uint8_t detail, uint32_t time,
     * xcb_window_t root, int16_t rootX, int16_t rootY, uint8_t deviceid);
     */
    private static final MethodHandle FAKE_INPUT = bind();

    private static MethodHandle bind() {
        SymbolLookup lib;
        try {
            lib = SymbolLookup.libraryLookup("libxcb-xtest.so.0", Arena.global());
        } catch (IllegalArgumentException e) {
            return null;
        }
        return Linker.nativeLinker().downcallHandle(lib.find("xcb_test_fake_input").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, JAVA_BYTE, JAVA_INT, JAVA_INT, JAVA_SHORT,
                        JAVA_SHORT, JAVA_BYTE));
    }

    /** Moves the pointer to {@code (x, y)} of {@code root}, absolute (detail 0), now (time 0). */
    static void fakeMotion(MemorySegment c, int root, int x, int y) {
        if (FAKE_INPUT == null) {
            throw new IllegalStateException("libxcb-xtest.so.0 cannot be loaded; install it: apt-get install "
                    + "libxcb-xtest0 / dnf install libxcb");
        }
        try {
            int ignored = (int) FAKE_INPUT.invokeExact(c, MOTION_NOTIFY, (byte) 0, 0, root, (short) x, (short) y,
                    (byte) 0);
        } catch (Throwable t) {
            throw XcbClient.rethrow(t);
        }
    }
}
