package io.sluice.streams.risk;

import io.sluice.schemas.UserRisk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link UserRisk} as plain Avro binary behind a version byte, for the queryable store and its
 * changelog. Internal state needs no schema registry: with {@code auto.register.schemas=false} a
 * registry-backed serde would need an operator to register a subject for a changelog topic.
 */
final class UserRiskStoreSerde implements Serde<UserRisk> {
  private static final byte VERSION = 1;

  private final SpecificDatumWriter<UserRisk> writer = new SpecificDatumWriter<>(UserRisk.class);
  private final SpecificDatumReader<UserRisk> reader = new SpecificDatumReader<>(UserRisk.class);

  @Override
  public Serializer<UserRisk> serializer() {
    return (topic, risk) -> risk == null ? null : write(risk);
  }

  @Override
  public Deserializer<UserRisk> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  private byte[] write(UserRisk risk) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.write(VERSION);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      synchronized (writer) {
        writer.write(risk, encoder);
      }
      encoder.flush();
    } catch (IOException e) {
      throw new SerializationException("cannot write user risk", e);
    }
    return out.toByteArray();
  }

  private UserRisk read(byte[] bytes) {
    if (bytes.length == 0 || bytes[0] != VERSION) {
      throw new SerializationException("unknown user risk store format");
    }
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, null);
    try {
      synchronized (reader) {
        return reader.read(null, decoder);
      }
    } catch (IOException e) {
      throw new SerializationException("cannot read user risk", e);
    }
  }
}
