package io.sluice.streams.normalize;

import io.sluice.streams.canonical.CanonicalClass;
import org.apache.avro.specific.SpecificRecord;

/** The outcome of mapping one raw vendor record: a canonical record, or a reason to reject it. */
public sealed interface Mapping {

  /**
   * A canonical record ready for {@code canonical.<class>}.
   *
   * @param key the primary entity, already normalised with {@link
   *     io.sluice.streams.canonical.Keys#normalize}
   */
  record Mapped(CanonicalClass canonicalClass, String key, SpecificRecord value)
      implements Mapping {}

  /** The raw record goes to the DLQ with this reason. */
  record Rejected(DlqReason reason) implements Mapping {}

  static Mapping mapped(CanonicalClass canonicalClass, String key, SpecificRecord value) {
    return new Mapped(canonicalClass, key, value);
  }

  static Mapping rejected(DlqReason reason) {
    return new Rejected(reason);
  }
}
