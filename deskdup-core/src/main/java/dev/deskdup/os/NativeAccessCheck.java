package dev.deskdup.os;

import dev.deskdup.CaptureException;

/**
 * deskdup calls restricted FFM methods ({@code Linker.downcallHandle}, {@code MemorySegment.reinterpret}); the JVM
 * must be told that this is wanted. Without the flag the JDK prints a warning today and will refuse tomorrow, so we
 * refuse at once with a message that says which flag to add.
 */
public final class NativeAccessCheck {

    private NativeAccessCheck() {
    }

    /** Throws a {@link CaptureException} naming the flag to add when native access is not enabled for deskdup. */
    public static void requireEnabled() {
        Module module = NativeAccessCheck.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            String who = module.isNamed() ? module.getName() : "ALL-UNNAMED";
            throw new CaptureException("native access is not enabled for deskdup (module=" + who + "): add "
                    + "--enable-native-access=" + who + " to the java command line, or the manifest entry "
                    + "'Enable-Native-Access: ALL-UNNAMED' to your executable jar");
        }
    }
}
