package io.sluice.schemas.serde;

import io.sluice.schemas.compat.BackwardCompatibility;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads Confluent-framed Avro into a generated class, resolving the writer's schema (fetched by id)
 * against the class's own schema, so records written by older or newer producers still read as long
 * as the change was compatible (fields added or removed with defaults).
 *
 * @param <T> the generated class, e.g. {@code io.sluice.schemas.AuthenticationEvent}
 */
public class SpecificAvroDeserializer<T extends SpecificRecord>
    extends AbstractAvroDeserializer<T> {

  static {
    GeneratedClassTrust.install();
  }

  private final Class<T> type;
  private final SpecificData specificData;
  private final Schema readerSchema;

  /** An unconfigured deserializer; call {@link #configure} before use. */
  public SpecificAvroDeserializer(Class<T> type) {
    this(null, type);
  }

  /** A deserializer configured with the {@link SerdeConfig} keys in {@code config}. */
  public SpecificAvroDeserializer(Class<T> type, Map<String, ?> config, boolean isKey) {
    this(null, type);
    configure(config, isKey);
  }

  /** A deserializer using {@code client} (wrapped in a cache) instead of one built from the URL. */
  public SpecificAvroDeserializer(
      SchemaRegistryClient client, Class<T> type, Map<String, ?> config, boolean isKey) {
    this(requireClient(client), type);
    configure(config, isKey);
  }

  private SpecificAvroDeserializer(SchemaRegistryClient client, Class<T> type) {
    super(client);
    this.type = type;
    // the class's own model carries the logical-type conversions its fields use (Instant)
    this.specificData = SpecificData.getForClass(type);
    this.readerSchema = specificData.getSchema(type);
  }

  @Override
  DatumReader<T> newReader(int id, Schema writer, String topic) {
    BackwardCompatibility.Result compatibility = BackwardCompatibility.check(readerSchema, writer);
    if (!compatibility.compatible()) {
      throw new SerializationException(
          "Record on topic '"
              + topic
              + "' was written with schema id "
              + id
              + " ("
              + writer.getFullName()
              + "), which cannot be read as "
              + type.getName()
              + ": "
              + String.join("; ", compatibility.problems()));
    }
    return new SpecificDatumReader<>(writer, readerSchema, specificData);
  }

  private static SchemaRegistryClient requireClient(SchemaRegistryClient client) {
    if (client == null) {
      throw new IllegalArgumentException("client must not be null");
    }
    return client;
  }
}
