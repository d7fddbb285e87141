package io.sluice.streams.detect.state;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link StateOutput} wrote; a truncated or corrupt record fails with a clear message.
 */
public final class StateInput {
  private final byte[] bytes;
  private int position;

  public StateInput(byte[] bytes) {
    this.bytes = bytes;
  }

  public long varint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = next();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new CorruptStateException("varint longer than 10 bytes at offset " + position);
  }

  public int varintAsInt() {
    long v = varint();
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new CorruptStateException("count " + v + " out of range at offset " + position);
    }
    return (int) v;
  }

  public long zigzag() {
    long v = varint();
    return (v >>> 1) ^ -(v & 1);
  }

  public int int32() {
    return (next() << 24) | (next() << 16) | (next() << 8) | next();
  }

  public long int64() {
    return ((long) int32() << 32) | (int32() & 0xFFFFFFFFL);
  }

  public int byte8() {
    return next();
  }

  public byte[] raw(int length) {
    if (length < 0 || position + length > bytes.length) {
      throw truncated();
    }
    byte[] out = java.util.Arrays.copyOfRange(bytes, position, position + length);
    position += length;
    return out;
  }

  public String string() {
    int length = varintAsInt();
    if (position + length > bytes.length) {
      throw truncated();
    }
    String s = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return s;
  }

  public boolean atEnd() {
    return position == bytes.length;
  }

  private int next() {
    if (position >= bytes.length) {
      throw truncated();
    }
    return bytes[position++] & 0xFF;
  }

  private CorruptStateException truncated() {
    return new CorruptStateException(
        "state record truncated: needed more than its " + bytes.length + " bytes");
  }

  /** A state record that cannot be read: a bug or a foreign value in the store. */
  public static final class CorruptStateException extends IllegalStateException {
    public CorruptStateException(String message) {
      super(message);
    }
  }
}
