package io.sluice.schemas.serde;

import java.util.OptionalInt;
import org.apache.avro.Schema;

/**
 * The part of the Confluent schema registry protocol the serde needs, behind an interface so that
 * unit tests and the embedded sandbox swap in an in-memory registry for the HTTP one.
 *
 * <p>Failures surface as {@link SchemaRegistryException}; a schema refused as incompatible as
 * {@link IncompatibleSchemaException}.
 */
public interface SchemaRegistryClient {

  /**
   * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}) and
   * returns its global id; registering a schema the subject already has returns the existing id.
   */
  int register(String subject, Schema schema);

  /** The schema with global id {@code id} ({@code GET /schemas/ids/{id}}). */
  Schema getById(int id);

  /**
   * The id of {@code schema} if it is already registered under {@code subject}, without registering
   * it ({@code POST /subjects/{subject}}); empty when the subject or the schema is unknown.
   */
  OptionalInt lookupId(String subject, Schema schema);

  /** Sets the compatibility rule of one subject ({@code PUT /config/{subject}}). */
  void setCompatibility(String subject, CompatibilityLevel level);

  /**
   * Whether the subject has at least one version ({@code GET /subjects/{subject}/versions}), so
   * that a first registration can set the subject's compatibility rule.
   */
  boolean subjectExists(String subject);

  /**
   * Throws a {@link SchemaRegistryException} when the registry does not answer (a cheap request for
   * readiness probes); an in-process registry is always reachable.
   */
  default void checkReachable() {}
}
