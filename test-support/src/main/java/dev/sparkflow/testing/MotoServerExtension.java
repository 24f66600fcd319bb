package dev.sparkflow.testing;

import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension: one {@link MotoServer} per test class, reset before each test, injectable as a parameter.
 *
 * <p>The server lives in the test class's {@link ExtensionContext.Store}, which closes it after the class
 * (JUnit closes stored {@link AutoCloseable}s); {@code @Nested} classes share their outer class's server.
 * The emulator is the {@link Emulator#chosen() chosen} one: moto's output goes to {@code target/moto/<test class>.log},
 * LocalStack's to {@code target/localstack/localstack.log}. A LocalStack that cannot start (no Docker engine, no
 * token) fails the class with the reason; it is never skipped.
 */
public final class MotoServerExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (resetBeforeEach(context)) {
            server(context).reset();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public MotoServer resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    /** The test class's server, started on first use. */
    private static MotoServer server(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        String testClass = classContext.getRequiredTestClass().getName();
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(MotoServer.class, key -> MotoServer.startFor(testClass), MotoServer.class);
    }

    /** The enclosing class-level context, so the server outlives single tests (and parameterized invocations). */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent()) {
            current = current.getParent().orElseThrow();
        }
        return current;
    }

    /** The nearest {@link WithMotoServer#resetBeforeEach()} from the test method outwards; true by default. */
    private static boolean resetBeforeEach(ExtensionContext context) {
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent(); current = current.get().getParent()) {
            Optional<WithMotoServer> settings = current.get().getElement()
                    .flatMap(element -> AnnotationSupport.findAnnotation(element, WithMotoServer.class));
            if (settings.isPresent()) {
                return settings.get().resetBeforeEach();
            }
        }
        return true;
    }
}
