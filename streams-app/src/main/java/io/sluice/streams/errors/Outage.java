package io.sluice.streams.errors;

import io.sluice.schemas.serde.IncompatibleSchemaException;
import io.sluice.schemas.serde.SchemaRegistryException;
import java.util.Optional;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A failure that is not the fault of the record being processed: the schema registry or the broker
 * could not do its part. docs/design.md §7: an outage is not bad input, so such a record is never
 * dead-lettered; the stream thread stops without committing it and is replaced once the dependency
 * answers again ({@code ThreadReplacementPolicy}).
 *
 * @param dependency what failed
 * @param detail the failure's own message (it names the registry URL or broker, never a secret)
 */
public record Outage(Dependency dependency, String detail) {

  /** What an outage is of. */
  public enum Dependency {
    SCHEMA_REGISTRY("schema_registry"),
    KAFKA("kafka");

    private final String label;

    Dependency(String label) {
      this.label = label;
    }

    /** The metric label and the key in {@code /health/ready}. */
    public String label() {
      return label;
    }
  }

  /** The outage somewhere in {@code error}'s cause chain, if any. */
  public static Optional<Outage> of(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryException registry && registry.isOutage()) {
        return Optional.of(new Outage(Dependency.SCHEMA_REGISTRY, t.getMessage()));
      }
      if (t instanceof RetriableException) {
        return Optional.of(new Outage(Dependency.KAFKA, t.getMessage()));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  /**
   * Whether writing Sluice's own output failed for a reason that is not the record's: an outage, a
   * schema the registry refuses as incompatible, or a schema that must be registered first ({@code
   * auto.register.schemas=false}). Dead-lettering would lose every record until an operator fixes
   * the deployment, so the thread stops instead.
   */
  static boolean isDeploymentProblem(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof IncompatibleSchemaException
          || (t instanceof SerializationException
              && t.getMessage() != null
              && t.getMessage().contains("is not registered under subject"))) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return of(error).isPresent();
  }
}
