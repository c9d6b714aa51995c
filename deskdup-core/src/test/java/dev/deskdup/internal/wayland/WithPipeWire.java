package dev.deskdup.internal.wayland;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a test class the private {@link PipeWireSession} (bus, PipeWire, WirePlumber, fake portal): started once per
 * test run and shared by every class that asks for it, stopped when the run ends. Inject it as a parameter.
 * Tagged {@code wayland}: those tests run in the {@code wayland-tests} surefire execution (see the pom).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(WithPipeWire.Extension.class)
@Tag("wayland")
public @interface WithPipeWire {

    final class Extension implements ParameterResolver {

        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(WithPipeWire.class);

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == PipeWireSession.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            return c.getRoot().getStore(NS).getOrComputeIfAbsent("session", k -> new Holder(), Holder.class).session;
        }

        /** Closed by JUnit when the root context (the whole run) closes. */
        static final class Holder implements AutoCloseable {
            final PipeWireSession session;

            Holder() {
                try {
                    session = PipeWireSession.start();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot start the private PipeWire session: " + e.getMessage(),
                            e);
                }
            }

            @Override
            public void close() {
                session.close();
            }
        }
    }
}
