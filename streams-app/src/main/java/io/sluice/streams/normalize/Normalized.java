package io.sluice.streams.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.streams.canonical.CanonicalClass;
import org.apache.avro.specific.SpecificRecord;

/**
 * What the normaliser forwards: a canonical record for one class, or the original raw bytes bound
 * for the DLQ. Branching on {@link #canonicalClass()} (null for the DLQ) routes it.
 *
 * @param source the feed it came from
 * @param raw the vendor record the canonical one was mapped from, as parsed (Sigma rules match it);
 *     null for the DLQ. Never serialised: it lives only between the normaliser's processors.
 */
public record Normalized(
    String source,
    CanonicalClass canonicalClass,
    SpecificRecord value,
    byte[] rawValue,
    JsonNode raw) {

  static Normalized canonical(
      String source, CanonicalClass canonicalClass, SpecificRecord value, JsonNode raw) {
    return new Normalized(source, canonicalClass, value, null, raw);
  }

  static Normalized deadLetter(String source, byte[] rawValue) {
    return new Normalized(source, null, null, rawValue, null);
  }

  public boolean isDeadLetter() {
    return canonicalClass == null;
  }
}
