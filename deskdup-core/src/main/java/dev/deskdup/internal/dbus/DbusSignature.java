package dev.deskdup.internal.dbus;

import java.util.ArrayList;
import java.util.List;

/**
 * D-Bus type signatures: splitting them into complete types and checking them. Supported: every basic type
 * ({@code ybnqiuxtdsogh}), variants {@code v}, arrays {@code a…}, dictionaries {@code a{…}} and structs {@code (…)}.
 */
final class DbusSignature {

    private DbusSignature() {
    }

    private static final String BASIC = "ybnqiuxtdsogh";

    /** The index just past the complete type starting at {@code start}. */
    static int end(String sig, int start) {
        if (start >= sig.length()) {
            throw bad(sig, "ends where a type was expected");
        }
        char c = sig.charAt(start);
        if (BASIC.indexOf(c) >= 0 || c == 'v') {
            return start + 1;
        }
        if (c == 'a') {
            if (start + 1 < sig.length() && sig.charAt(start + 1) == '{') {
                int key = start + 2;
                if (key >= sig.length() || BASIC.indexOf(sig.charAt(key)) < 0) {
                    throw bad(sig, "has a dictionary whose key is not a basic type");
                }
                int value = end(sig, key + 1);
                if (value >= sig.length() || sig.charAt(value) != '}') {
                    throw bad(sig, "has a dictionary entry without exactly one key and one value");
                }
                return value + 1;
            }
            return end(sig, start + 1);
        }
        if (c == '(') {
            int i = start + 1;
            if (i < sig.length() && sig.charAt(i) == ')') {
                throw bad(sig, "has an empty struct");
            }
            while (i < sig.length() && sig.charAt(i) != ')') {
                i = end(sig, i);
            }
            if (i >= sig.length()) {
                throw bad(sig, "has an unclosed struct");
            }
            return i + 1;
        }
        throw bad(sig, "has an unknown type code '" + c + "'");
    }

    /** The complete types of a signature, e.g. {@code "oa{sv}"} → {@code ["o", "a{sv}"]}. */
    static List<String> split(String sig) {
        List<String> types = new ArrayList<>();
        int i = 0;
        while (i < sig.length()) {
            int e = end(sig, i);
            types.add(sig.substring(i, e));
            i = e;
        }
        return types;
    }

    /** Whether {@code sig} is exactly one complete type. */
    static boolean isSingle(String sig) {
        return !sig.isEmpty() && end(sig, 0) == sig.length();
    }

    /** Alignment of values of the type starting with {@code code}. */
    static int alignment(char code) {
        return switch (code) {
            case 'y', 'g', 'v' -> 1;
            case 'n', 'q' -> 2;
            case 'b', 'i', 'u', 's', 'o', 'a', 'h' -> 4;
            case 'x', 't', 'd', '(', '{' -> 8;
            default -> throw new IllegalArgumentException("type code '" + code + "' is not a D-Bus type");
        };
    }

    private static IllegalArgumentException bad(String sig, String what) {
        return new IllegalArgumentException("D-Bus signature=\"" + sig + "\" " + what);
    }
}
