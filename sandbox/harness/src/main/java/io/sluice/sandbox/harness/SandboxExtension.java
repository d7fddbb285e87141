package io.sluice.sandbox.harness;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects an {@link EmbeddedKafka} and/or an {@link ApicurioRegistry} into test constructors,
 * lifecycle methods and test methods of classes annotated with
 * {@code @ExtendWith(SandboxExtension.class)}.
 *
 * <p>Each is started on first request and then shared by every test class of the run: a broker
 * costs about two seconds and a registry about three, so starting them per class would dominate the
 * build. They live in the root context's store, which JUnit closes (as {@link AutoCloseable}
 * values) when the whole run ends, whether tests passed or not; the instances' own shutdown hooks
 * are the backstop if the JVM ends first. Tests therefore must not close injected instances and
 * should use their own topic names and subjects.
 */
public final class SandboxExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SandboxExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == EmbeddedKafka.class || type == ApicurioRegistry.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    Class<?> type = parameter.getParameter().getType();
    if (type == EmbeddedKafka.class) {
      return store.getOrComputeIfAbsent(
          EmbeddedKafka.class, key -> EmbeddedKafka.start(), EmbeddedKafka.class);
    }
    return store.getOrComputeIfAbsent(
        ApicurioRegistry.class, key -> ApicurioRegistry.start(), ApicurioRegistry.class);
  }
}
