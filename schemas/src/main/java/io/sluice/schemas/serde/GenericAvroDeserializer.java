package io.sluice.schemas.serde;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads Confluent-framed Avro records as {@link GenericRecord}s in the writer's own schema, for
 * code that handles any record type (dead-letter inspection, tooling). Logical types stay in their
 * Avro representation (timestamps as {@code long} millis), as with Confluent's deserializer.
 */
public class GenericAvroDeserializer extends AbstractAvroDeserializer<GenericRecord> {

  /** An unconfigured deserializer, for Kafka to instantiate by class name. */
  public GenericAvroDeserializer() {
    super(null);
  }

  /** A deserializer configured with the {@link SerdeConfig} keys in {@code config}. */
  public GenericAvroDeserializer(Map<String, ?> config, boolean isKey) {
    super(null);
    configure(config, isKey);
  }

  /** A deserializer using {@code client} (wrapped in a cache) instead of one built from the URL. */
  public GenericAvroDeserializer(
      SchemaRegistryClient client, Map<String, ?> config, boolean isKey) {
    super(client);
    configure(config, isKey);
  }

  @Override
  DatumReader<GenericRecord> newReader(int id, Schema writer, String topic) {
    if (writer.getType() != Schema.Type.RECORD) {
      throw new SerializationException(
          "Record on topic '"
              + topic
              + "' was written with schema id "
              + id
              + " of type "
              + writer.getType()
              + ", not a record");
    }
    return new GenericDatumReader<>(writer, writer, GenericData.get());
  }
}
