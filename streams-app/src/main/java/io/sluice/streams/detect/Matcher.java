package io.sluice.streams.detect;

import io.sluice.schemas.EventMetadata;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.canonical.CanonicalRecords;
import io.sluice.streams.enrich.VipLookup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Matches a canonical record against the rules of one key type: which steps it satisfies, under
 * which group key, with the value a distinct count counts. The rules are data; this is their
 * interpreter.
 */
final class Matcher {
  private final RuleBook book;
  private final KeyType keyType;
  private final Map<CanonicalClass, FieldPath> vipFlags =
      new java.util.EnumMap<>(CanonicalClass.class);

  Matcher(RuleBook book, KeyType keyType) {
    this.book = book;
    this.keyType = keyType;
    for (CanonicalClass c : CanonicalClass.values()) {
      FieldPath.resolve(c.schema(), c.vipField()).ifPresent(f -> vipFlags.put(c, f));
    }
  }

  /**
   * The record's sightings by group key (usually one); empty when it matches no step. For the user
   * key type the group key is the record key (the canonical topics are keyed by user).
   */
  Map<String, Sighting> match(
      CanonicalClass c, String recordKey, SpecificRecord record, VipLookup vips) {
    List<RuleSet.StepOf> steps = book.current().steps(keyType, c);
    if (steps.isEmpty()) {
      return Map.of();
    }
    Map<String, List<Sighting.RuleHit>> hits = new LinkedHashMap<>(2);
    for (RuleSet.StepOf s : steps) {
      Step step = s.definition();
      if (!step.matches(record, vips)) {
        continue;
      }
      String key = keyType.isUser() ? recordKey : step.groupKey(record);
      if (key == null || key.isEmpty() || key.charAt(0) == DetectProcessor.RESERVED_PREFIX) {
        continue;
      }
      String value = step.distinctField().map(f -> f.getText(record, vips)).orElse(null);
      hits.computeIfAbsent(key, k -> new ArrayList<>(2))
          .add(Sighting.RuleHit.of(s.rule().fingerprint(), s.step(), value));
    }
    if (hits.isEmpty()) {
      return Map.of();
    }
    EventMetadata metadata = CanonicalRecords.metadata(record);
    // the user processor decides VIP status by its key; others note whether the event's user is one
    FieldPath vipFlag = keyType.isUser() ? null : vipFlags.get(c);
    boolean vip = vipFlag != null && "true".equals(vipFlag.getText(record, vips));
    Map<String, Sighting> out = new LinkedHashMap<>(2);
    hits.forEach((key, list) -> out.put(key, Sighting.of(metadata, c, vip, list)));
    return out;
  }
}
