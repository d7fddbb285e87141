package io.sluice.schemas.serde;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * One thread's reusable output for {@link AvroSerializer}: a growable byte array that the framed
 * record is written into, and the buffered Avro encoder that writes it.
 *
 * <p>A fresh {@code ByteArrayOutputStream} and unbuffered encoder per record cost an allocation of
 * each plus a synchronized stream call per field written. A serializer instance may be shared by
 * several stream threads (Kafka Streams hands one serde to every task of a sink), so the buffer is
 * per thread rather than per serializer. Not reentrant: one record at a time per thread, which is
 * how serializers are called.
 */
final class EncodeBuffer extends OutputStream {
  private static final ThreadLocal<EncodeBuffer> PER_THREAD =
      ThreadLocal.withInitial(EncodeBuffer::new);
  private static final int INITIAL_SIZE = 1024;

  private byte[] bytes = new byte[INITIAL_SIZE];
  private int size;
  private BinaryEncoder encoder;

  private EncodeBuffer() {}

  static EncodeBuffer forThisThread() {
    return PER_THREAD.get();
  }

  /**
   * Empties the buffer, writes the wire-format header for schema {@code id}, returns the encoder.
   */
  BinaryEncoder startRecord(int id) throws IOException {
    // configure the reused encoder before emptying: configuring flushes what it still buffers
    encoder = EncoderFactory.get().binaryEncoder(this, encoder);
    size = 0;
    WireFormat.writeHeader(this, id);
    return encoder;
  }

  /** Flushes the encoder and returns a copy of the framed record. */
  byte[] finishRecord() throws IOException {
    encoder.flush();
    return Arrays.copyOf(bytes, size);
  }

  /** After a failed record: drops the encoder, so that none of its bytes reach the next record. */
  void discard() {
    encoder = null;
    size = 0;
  }

  @Override
  public void write(int b) {
    ensure(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
