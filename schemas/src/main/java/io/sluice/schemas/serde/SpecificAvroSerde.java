package io.sluice.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link AvroSerializer} and {@link SpecificAvroDeserializer} as one {@link Serde}, the unit Kafka
 * Streams' {@code Consumed}, {@code Produced} and {@code Materialized} take.
 *
 * @param <T> the generated class
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final AvroSerializer<T> serializer;
  private final SpecificAvroDeserializer<T> deserializer;

  /** An unconfigured serde; call {@link #configure} before use. */
  public SpecificAvroSerde(Class<T> type) {
    this.serializer = new AvroSerializer<>();
    this.deserializer = new SpecificAvroDeserializer<>(type);
  }

  /** A serde configured with the {@link SerdeConfig} keys in {@code config}. */
  public SpecificAvroSerde(Class<T> type, Map<String, ?> config, boolean isKey) {
    this(type);
    configure(config, isKey);
  }

  /** A serde using {@code client} instead of one built from the URL. */
  public SpecificAvroSerde(
      SchemaRegistryClient client, Class<T> type, Map<String, ?> config, boolean isKey) {
    SchemaRegistryClient cached = CachingSchemaRegistryClient.wrap(client);
    this.serializer = new AvroSerializer<>(cached, config, isKey);
    this.deserializer = new SpecificAvroDeserializer<>(cached, type, config, isKey);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
