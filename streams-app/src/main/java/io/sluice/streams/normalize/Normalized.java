package io.sluice.streams.normalize;

import io.sluice.streams.canonical.CanonicalClass;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the normaliser forwards: a canonical record for one class, or the original raw bytes bound
 * for the DLQ. Branching on {@link #canonicalClass()} (null for the DLQ) routes it.
 */
public record Normalized(CanonicalClass canonicalClass, SpecificRecord value, byte[] rawValue) {

  static Normalized canonical(CanonicalClass canonicalClass, SpecificRecord value) {
    return new Normalized(canonicalClass, value, null);
  }

  static Normalized deadLetter(byte[] rawValue) {
    return new Normalized(null, null, rawValue);
  }

  public boolean isDeadLetter() {
    return canonicalClass == null;
  }
}
