package io.sluice.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format: checks the frame, fetches the writer schema by id once, and
 * decodes with one cached {@link DatumReader} per writer schema id (Avro's readers are safe to
 * share between threads). Subclasses decide how a writer schema becomes a reader.
 */
abstract class AbstractAvroDeserializer<T> implements Deserializer<T> {

  private final SchemaRegistryClient providedClient;
  private final Map<Integer, DatumReader<T>> readersById = new ConcurrentHashMap<>();
  private SchemaRegistryClient client;

  AbstractAvroDeserializer(SchemaRegistryClient providedClient) {
    this.providedClient =
        providedClient == null ? null : CachingSchemaRegistryClient.wrap(providedClient);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.client =
        providedClient != null
            ? providedClient
            : SchemaRegistryClients.forUrl(new SerdeConfig(configs).schemaRegistryUrl(), configs);
  }

  /** A reader from {@code writer} (schema {@code id}) to what this deserializer returns. */
  abstract DatumReader<T> newReader(int id, Schema writer, String topic);

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException(
          getClass().getSimpleName()
              + " is not configured: call configure() or use a configuring constructor");
    }
    int id = WireFormat.schemaId(data, topic);
    DatumReader<T> reader = readerFor(id, topic);
    int bodyLength = data.length - WireFormat.HEADER_LENGTH;
    try {
      BinaryDecoder decoder =
          DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_LENGTH, bodyLength, null);
      return reader.read(null, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Could not decode the Avro body of a record on topic '"
              + topic
              + "' with schema id "
              + id
              + " ("
              + bodyLength
              + " bytes after the header; truncated or corrupt?): "
              + e,
          e);
    }
  }

  private DatumReader<T> readerFor(int id, String topic) {
    DatumReader<T> reader = readersById.get(id);
    if (reader == null) {
      reader = newReader(id, writerSchema(id, topic), topic);
      readersById.putIfAbsent(id, reader);
    }
    return reader;
  }

  private Schema writerSchema(int id, String topic) {
    try {
      return client.getById(id);
    } catch (SchemaRegistryException e) {
      if (e.isNotFound()) {
        throw new SerializationException(
            "Unknown schema id "
                + id
                + " in record on topic '"
                + topic
                + "': the schema registry has no schema with this id"
                + " (was the record written against another registry?)",
            e);
      }
      throw e;
    }
  }
}
