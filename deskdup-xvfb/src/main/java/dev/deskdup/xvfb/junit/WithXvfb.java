package dev.deskdup.xvfb.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated test class against one private Xvfb of its own ({@link dev.deskdup.xvfb.VirtualDisplay}),
 * started before the first test and stopped after the last. Test constructors, lifecycle methods and test methods
 * get it by declaring a parameter of type {@code VirtualDisplay}, and a drawing connection to it by declaring an
 * {@code X11Painter} (one per class, closed with the display).
 *
 * <pre>{@code
 * @WithXvfb(width = 320, height = 200)
 * class SomethingTest {
 *     private final VirtualDisplay xvfb;
 *     private final X11Painter painter;
 *
 *     SomethingTest(VirtualDisplay xvfb, X11Painter painter) {
 *         this.xvfb = xvfb;
 *         this.painter = painter;
 *     }
 * }
 * }</pre>
 *
 * Without Xvfb installed the tests fail (not skip) with a message saying what to install: CI must run them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(XvfbExtension.class)
public @interface WithXvfb {

    /** Screen width in pixels. */
    int width() default 320;

    /** Screen height in pixels. */
    int height() default 200;

    /** Extra Xvfb arguments, e.g. {@code {"-screen", "0", "64x48x16"}} for another depth. */
    String[] args() default {};
}
