package dev.deskdup.internal.os;

import dev.deskdup.CaptureException;

import java.lang.foreign.ValueLayout;

/**
 * The two things every native binding of deskdup relies on, checked once before the first binding loads: the JVM
 * lets deskdup call native code, and pointers are 64 bits (pointers travel as {@code long}s on the frame path so
 * that no {@code MemorySegment} is made per call). Also the one idiom for {@code invokeExact}'s {@code Throwable}.
 */
public final class NativeRuntime {

    private static final boolean IS_64_BIT = ValueLayout.ADDRESS.byteSize() == 8;

    private NativeRuntime() {
    }

    /**
     * Throws a {@link CaptureException} naming the flag to add when native access is not enabled for deskdup, or
     * saying so when the JVM is not 64-bit.
     */
    public static void requireSupported() {
        if (!IS_64_BIT) {
            throw new CaptureException("deskdup needs a 64-bit JVM: ADDRESS.byteSize=" + ValueLayout.ADDRESS.byteSize()
                    + " (pointers are passed as 64-bit integers; run a 64-bit JDK 25)");
        }
        Module module = NativeRuntime.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            String who = module.isNamed() ? module.getName() : "ALL-UNNAMED";
            throw new CaptureException("native access is not enabled for deskdup (module=" + who + "): add "
                    + "--enable-native-access=" + who + " to the java command line, or the manifest entry "
                    + "'Enable-Native-Access: ALL-UNNAMED' to your executable jar");
        }
    }

    /**
     * What a {@code catch (Throwable t)} around {@code invokeExact} throws: the unchecked exception or error itself
     * (a native binding's own {@link CaptureException} among them), and an {@link AssertionError} for a checked
     * exception, which no downcall can throw. Use as {@code catch (Throwable t) { throw NativeRuntime.rethrow(t); }}.
     */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError("should not reach here: a downcall threw " + t, t);
    }
}
