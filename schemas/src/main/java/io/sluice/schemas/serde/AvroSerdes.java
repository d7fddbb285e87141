package io.sluice.schemas.serde;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

/**
 * Entry point for the rest of Sluice: configured Avro serdes from the {@link SerdeConfig} keys, so
 * that a topology or connector builds its topic catalogue with one call per topic.
 */
public final class AvroSerdes {

  private AvroSerdes() {}

  /** A configured serde for generated class {@code type}, for keys when {@code isKey}. */
  public static <T extends SpecificRecord> Serde<T> specific(
      Class<T> type, Map<String, ?> config, boolean isKey) {
    return new SpecificAvroSerde<>(type, config, isKey);
  }

  /** A configured deserializer returning records in their writer's schema. */
  public static Deserializer<GenericRecord> generic(Map<String, ?> config, boolean isKey) {
    return new GenericAvroDeserializer(config, isKey);
  }
}
