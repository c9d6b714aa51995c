package dev.deskdup.source.x11;

import dev.deskdup.os.NativeLibraries;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * libxcb-damage (damage.h): the DAMAGE extension. Cookies are {@code JAVA_INT} and reply pointers
 * {@code JAVA_LONG}; see {@link Xcb} for why.
 */
public final class XcbDamage {

    private XcbDamage() {
    }

    static final String LIBRARY = "libxcb-damage.so.0";
    static final SymbolLookup LIB = NativeLibraries.load("apt-get install libxcb-damage0", LIBRARY, "libxcb-damage.so");

    static MethodHandle fn(String name, FunctionDescriptor fd) {
        return NativeLibraries.function(LIB, LIBRARY, name, fd);
    }

    /** extern xcb_extension_t xcb_damage_id; */
    public static final MemorySegment EXTENSION_ID = NativeLibraries.symbol(LIB, LIBRARY, "xcb_damage_id");

    /** xcb_damage_query_version_cookie_t xcb_damage_query_version(c, uint32_t client_major, uint32_t client_minor); */
    public static final MethodHandle QUERY_VERSION = fn("xcb_damage_query_version",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    /** xcb_damage_query_version_reply_t *xcb_damage_query_version_reply(c, cookie, xcb_generic_error_t **e); */
    public static final MethodHandle QUERY_VERSION_REPLY = fn("xcb_damage_query_version_reply",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS));
}
