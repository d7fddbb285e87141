package io.sluice.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated or generic) in the Confluent wire format, registering or looking
 * up the record's schema under the TopicNameStrategy subject.
 *
 * <p>The project's own equivalent of Confluent's {@code KafkaAvroSerializer}, which is not on Maven
 * Central. Registry answers are cached by the client and datum writers per schema here, so a record
 * costs one map lookup beyond the Avro encoding; the encoding itself goes through one reused
 * buffered encoder and buffer per thread ({@link EncodeBuffer}), so a record allocates only its
 * result.
 *
 * @param <T> a {@link SpecificRecord} or a {@link org.apache.avro.generic.GenericRecord}
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {

  static {
    GeneratedClassTrust.install();
  }

  private final SchemaRegistryClient providedClient;
  private final Map<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
  private final Map<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();
  private SchemaRegistryClient client;
  private boolean isKey;
  private boolean autoRegister;

  /**
   * An unconfigured serializer, for Kafka to instantiate by class name; call {@link #configure}.
   */
  public AvroSerializer() {
    this.providedClient = null;
  }

  /** A serializer configured with the {@link SerdeConfig} keys in {@code config}. */
  public AvroSerializer(Map<String, ?> config, boolean isKey) {
    this.providedClient = null;
    configure(config, isKey);
  }

  /** A serializer using {@code client} (wrapped in a cache) instead of one built from the URL. */
  public AvroSerializer(SchemaRegistryClient client, Map<String, ?> config, boolean isKey) {
    this.providedClient = CachingSchemaRegistryClient.wrap(client);
    configure(config, isKey);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    SerdeConfig config = new SerdeConfig(configs);
    this.client =
        providedClient != null
            ? providedClient
            : SchemaRegistryClients.forUrl(config.schemaRegistryUrl(), configs);
    this.autoRegister = config.autoRegisterSchemas();
    this.isKey = isKey;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException(
          "AvroSerializer is not configured: call configure() or use a configuring constructor");
    }
    Schema schema = data.getSchema();
    int id = schemaId(WireFormat.subject(topic, isKey), schema);
    EncodeBuffer out = EncodeBuffer.forThisThread();
    try {
      BinaryEncoder encoder = out.startRecord(id);
      writerFor(data).write(data, encoder);
      return out.finishRecord();
    } catch (IOException | RuntimeException e) {
      out.discard();
      throw new SerializationException(
          "Could not serialise "
              + schema.getFullName()
              + " for topic '"
              + topic
              + "' with schema id "
              + id
              + ": "
              + e,
          e);
    }
  }

  private int schemaId(String subject, Schema schema) {
    if (autoRegister) {
      // the caching client answers lookupId from memory after the first record of a subject
      return registerWithCompatibility(client, subject, schema);
    }
    return lookUp(subject, schema);
  }

  /**
   * Registers {@code schema} under {@code subject}; when that creates the subject, also sets its
   * compatibility rule to {@link #SUBJECT_COMPATIBILITY}, so that registries whose subjects start
   * at NONE (Apicurio) enforce BACKWARD from then on. A subject that already exists keeps the rule
   * its operators gave it. Used by the serializer and by {@code ./sluice schemas register}.
   *
   * @return the schema id
   */
  public static int registerWithCompatibility(
      SchemaRegistryClient client, String subject, Schema schema) {
    OptionalInt existing = client.lookupId(subject, schema);
    if (existing.isPresent()) {
      return existing.getAsInt();
    }
    boolean newSubject = !client.subjectExists(subject);
    int id;
    try {
      id = client.register(subject, schema);
    } catch (IncompatibleSchemaException conflict) {
      // Two instances registering the same new schema at once: some registries (Apicurio)
      // answer the loser with 409. If the schema is there now, that is success, not a conflict.
      OptionalInt registered = client.lookupId(subject, schema);
      if (registered.isPresent()) {
        return registered.getAsInt();
      }
      throw conflict;
    }
    if (newSubject) {
      client.setCompatibility(subject, SUBJECT_COMPATIBILITY);
    }
    return id;
  }

  /** The rule a subject Sluice creates gets (docs/design.md §4: schemas evolve under BACKWARD). */
  public static final CompatibilityLevel SUBJECT_COMPATIBILITY = CompatibilityLevel.BACKWARD;

  private int lookUp(String subject, Schema schema) {
    return client
        .lookupId(subject, schema)
        .orElseThrow(
            () ->
                new SerializationException(
                    "Schema "
                        + schema.getFullName()
                        + " is not registered under subject '"
                        + subject
                        + "' and "
                        + SerdeConfig.AUTO_REGISTER_SCHEMAS
                        + " is false: register this exact schema first, or enable "
                        + SerdeConfig.AUTO_REGISTER_SCHEMAS));
  }

  // generated classes carry their own SpecificData, with the conversions (e.g. Instant) they use
  private DatumWriter<Object> writerFor(T data) {
    Schema schema = data.getSchema();
    if (data instanceof SpecificRecordBase generated) {
      return specificWriters.computeIfAbsent(
          schema, s -> new NullableUnionWriter<>(s, generated.getSpecificData()));
    }
    if (data instanceof SpecificRecord) {
      return specificWriters.computeIfAbsent(
          schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)));
    }
    return genericWriters.computeIfAbsent(
        schema, s -> new GenericDatumWriter<>(s, GenericData.get()));
  }
}
