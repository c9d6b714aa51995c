package dev.deskdup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A program holding a {@link Frame} finds no way to write through it: not by casting it to something else the
 * object is, not by any public method of its class, not through the segments it hands out.
 */
@Timeout(30)
class FrameIsReadOnlyTest {

    private ScreenCapture capture;
    private Frame frame;

    @BeforeEach
    void acquire() {
        capture = ScreenCapture.open(CaptureOptions.defaults().source(CaptureOptions.SOURCE_SYNTHETIC)
                .syntheticSize(32, 16).cursor(CursorMode.SEPARATE));
        frame = capture.acquire(1, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        capture.close();
    }

    @Test
    void theFramesClassIsNotPublicAndIsNothingButAFrame() {
        Class<?> type = frame.getClass();
        assertThat(Modifier.isPublic(type.getModifiers())).as("the view's class is public").isFalse();
        assertThat(Modifier.isFinal(type.getModifiers())).as("the view's class is final").isTrue();
        assertThat(type.getInterfaces()).containsExactly(Frame.class);
        assertThat(type.getSuperclass()).isEqualTo(Object.class);
    }

    @Test
    void itsPublicMethodsAreExactlyFramesMethods() {
        Set<String> frameMethods = Arrays.stream(Frame.class.getMethods()).map(FrameIsReadOnlyTest::signature)
                .collect(Collectors.toSet());
        Set<String> objectMethods = Arrays.stream(Object.class.getMethods()).map(FrameIsReadOnlyTest::signature)
                .collect(Collectors.toSet());
        for (Method m : frame.getClass().getMethods()) {
            assertThat(frameMethods.contains(signature(m)) || objectMethods.contains(signature(m)))
                    .as("public method %s is one of Frame's or Object's", m).isTrue();
        }
    }

    @Test
    void noPublicMethodHandsOutAnythingOfTheLibrarysInternals() {
        for (Method m : frame.getClass().getMethods()) {
            String returned = m.getReturnType().getName();
            assertThat(returned).as("what %s returns", m.getName()).doesNotStartWith("dev.deskdup.internal")
                    .doesNotStartWith("dev.deskdup.spi");
        }
    }

    @Test
    void everySegmentItHandsOutIsReadOnly() throws Exception {
        for (Method m : frame.getClass().getMethods()) {
            if (m.getReturnType() == MemorySegment.class && m.getParameterCount() == 0) {
                // Through Frame's method: the class's own is not even callable by reflection from outside.
                MemorySegment s = (MemorySegment) Frame.class.getMethod(m.getName()).invoke(frame);
                assertThat(s.isReadOnly() || s.byteSize() == 0).as("%s() is read-only", m.getName()).isTrue();
            }
        }
        assertThatThrownBy(() -> frame.pixels().set(ValueLayout.JAVA_INT, 0, 0xDEADBEEF))
                .isInstanceOfAny(UnsupportedOperationException.class, IllegalArgumentException.class);
        assertThat(frame.pixels().asReadOnly().isReadOnly()).isTrue();
    }

    @Test
    void theClassesOwnMethodsCannotBeCalledByReflection() throws Exception {
        Method pixels = frame.getClass().getMethod("pixels");
        assertThatThrownBy(() -> pixels.invoke(frame)).isInstanceOf(IllegalAccessException.class);
    }

    @Test
    void aCastToTheSourcesSideOfTheSlotFails() throws Exception {
        Class<?> writer = Class.forName("dev.deskdup.spi.SlotWriter");
        Class<?> cursor = Class.forName("dev.deskdup.spi.CursorWriter");
        assertThat(writer.isInstance(frame)).isFalse();
        assertThat(cursor.isInstance(frame)).isFalse();
        assertThatThrownBy(() -> writer.cast(frame)).isInstanceOf(ClassCastException.class);
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.toString(m.getParameterTypes());
    }
}
