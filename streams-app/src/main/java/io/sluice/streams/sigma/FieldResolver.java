package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where a Sigma field name points in a raw record. A path can reach several values (through
 * arrays), so matching asks whether any of them passes.
 */
interface FieldResolver {
  /** Whether any value at the path passes; arrays on the way and at the end are searched. */
  boolean anyLeaf(JsonNode raw, LeafTest test);

  /** Whether the path exists in the record, whatever its value (null and empty included). */
  boolean present(JsonNode raw);

  /** The first value at the path that is a scalar and not null, or null when there is none. */
  JsonNode firstScalar(JsonNode raw);
}
