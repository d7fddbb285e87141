package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Sigma field name compiled for one feed's raw records, with the same lookup as matching (dotted
 * path, case-insensitive fallback, arrays searched, Entra's Azure Monitor names mapped): what a
 * correlation's {@code group-by} and {@code value_count} field read. Immutable and thread-safe.
 */
public final class SigmaField {
  private final String name;
  private final FieldResolver resolver;

  SigmaField(String name, FieldResolver resolver) {
    this.name = name;
    this.resolver = resolver;
  }

  /** The field as the rule wrote it. */
  public String name() {
    return name;
  }

  /**
   * The field's value as text: the first non-null scalar at its path (numbers and booleans as their
   * JSON text, {@code 50126}, {@code true}), or null when the record has none. Not trimmed or
   * lower-cased: keys are the engine's business.
   */
  public String value(JsonNode raw) {
    if (raw == null) {
      return null;
    }
    JsonNode leaf = resolver.firstScalar(raw);
    return leaf == null ? null : leaf.asText();
  }

  @Override
  public String toString() {
    return name;
  }
}
