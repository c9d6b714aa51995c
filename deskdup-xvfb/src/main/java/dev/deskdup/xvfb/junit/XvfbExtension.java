package dev.deskdup.xvfb.junit;

import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.List;

/**
 * The extension behind {@link WithXvfb}: one display (and one painter, made on first request) per test class, kept
 * in the class's {@link ExtensionContext.Store} and closed by JUnit when the class is done.
 */
public final class XvfbExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(XvfbExtension.class);

    /** What the store holds for one class; closed with the class. */
    private static final class Resources implements AutoCloseable {
        final VirtualDisplay display;
        X11Painter painter;

        Resources(VirtualDisplay display) {
            this.display = display;
        }

        synchronized X11Painter painter() {
            if (painter == null) {
                painter = display.painter();
            }
            return painter;
        }

        @Override
        public void close() {
            try {
                if (painter != null) {
                    painter.close();
                }
            } finally {
                display.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == VirtualDisplay.class || type == X11Painter.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Resources resources = resources(context);
        return parameter.getParameter().getType() == VirtualDisplay.class ? resources.display : resources.painter();
    }

    private static Resources resources(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        WithXvfb spec = findSpec(testClass);
        ExtensionContext classContext = classContext(context, testClass);
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(Resources.class, k -> {
            try {
                return new Resources(VirtualDisplay.start(spec.width(), spec.height(), List.of(spec.args())));
            } catch (RuntimeException e) {
                throw new ParameterResolutionException("cannot start the test's private Xvfb (" + spec.width() + "x"
                        + spec.height() + "): " + e.getMessage() + " — install Xvfb (apt-get install xvfb) or run "
                        + "bash .ci/run", e);
            }
        }, Resources.class);
    }

    private static WithXvfb findSpec(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            WithXvfb spec = c.getAnnotation(WithXvfb.class);
            if (spec != null) {
                return spec;
            }
        }
        throw new ParameterResolutionException(testClass.getName() + " asks for a VirtualDisplay but has no @WithXvfb");
    }

    /** The context of the (outermost annotated) test class, whose store lives as long as the class runs. */
    private static ExtensionContext classContext(ExtensionContext context, Class<?> testClass) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() || c.getTestClass().map(t -> t != testClass).orElse(false)) {
            c = c.getParent().orElseThrow();
        }
        return c;
    }
}
