package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A test of one value found at a field's path: a scalar, an object or JSON null (never an array).
 */
@FunctionalInterface
interface LeafTest {
  boolean test(JsonNode leaf);

  /**
   * True for any value that is not JSON null: what {@code field: null} looks for the absence of.
   */
  LeafTest NOT_NULL = leaf -> !leaf.isNull();
}
