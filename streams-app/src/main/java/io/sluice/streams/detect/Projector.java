package io.sluice.streams.detect;

import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.enrich.VipLookup;
import io.sluice.streams.enrich.VipStore;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns the canonical records of one class into the compact {@link Sighting}s a key type's
 * processor needs, keyed by that key type's group key, for one shared repartition topic per (class,
 * key type): only events that match one of its rules cross it, and as about 100 bytes instead of
 * the canonical record.
 */
final class Projector implements Processor<String, SpecificRecord, String, Sighting> {
  private final CanonicalClass canonicalClass;
  private final Matcher matcher;
  private ProcessorContext<String, Sighting> context;
  private VipLookup vips;

  Projector(CanonicalClass canonicalClass, RuleBook rules, KeyType keyType) {
    this.canonicalClass = canonicalClass;
    this.matcher = new Matcher(rules, keyType);
  }

  @Override
  public void init(ProcessorContext<String, Sighting> context) {
    this.context = context;
    this.vips = VipStore.lookup(context);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    if (record.value() == null) {
      return;
    }
    Map<String, Sighting> sightings =
        matcher.match(canonicalClass, record.key(), record.value(), vips);
    sightings.forEach((key, sighting) -> context.forward(record.withKey(key).withValue(sighting)));
  }
}
