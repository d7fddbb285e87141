package io.sluice.schemas.serde;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: magic byte 0, the schema id as 4 bytes big-endian, then the Avro
 * binary body. Kept byte-for-byte so that Confluent's deserializer and any Confluent-compatible
 * consumer read Sluice topics.
 */
public final class WireFormat {

  /** First byte of every framed record. */
  public static final byte MAGIC_BYTE = 0x0;

  /** Magic byte plus schema id. */
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {}

  /** Writes the header for schema {@code id}: the magic byte, then the id big-endian. */
  static void writeHeader(OutputStream out, int id) throws IOException {
    out.write(MAGIC_BYTE);
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
  }

  /**
   * The schema id of a framed record, or a {@link SerializationException} saying what is wrong with
   * the frame: too short, or a magic byte other than 0.
   */
  public static int schemaId(byte[] framed, String topic) {
    if (framed.length == 0) {
      throw new SerializationException(
          "Record on topic '"
              + topic
              + "' is too short for the Confluent wire format: 0 bytes, expected at least "
              + HEADER_LENGTH
              + " (magic byte and 4-byte schema id)");
    }
    if (framed[0] != MAGIC_BYTE) {
      throw new SerializationException(
          "Unknown magic byte "
              + describeByte(framed[0])
              + " in record on topic '"
              + topic
              + "' (expected 0x00): not written by a Confluent-wire-format Avro serializer");
    }
    if (framed.length < HEADER_LENGTH) {
      throw new SerializationException(
          "Record on topic '"
              + topic
              + "' is truncated: "
              + framed.length
              + " bytes, expected at least "
              + HEADER_LENGTH
              + " (magic byte and 4-byte schema id)");
    }
    return ByteBuffer.wrap(framed, 1, 4).getInt();
  }

  /** Topic name strategy: {@code <topic>-key} or {@code <topic>-value}. */
  public static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }

  private static String describeByte(byte b) {
    String hex = String.format("0x%02x", b & 0xff);
    // JSON or text sent to an Avro topic is the usual cause; showing the character makes it obvious
    return b >= 0x20 && b < 0x7f ? hex + " ('" + (char) b + "')" : hex;
  }
}
