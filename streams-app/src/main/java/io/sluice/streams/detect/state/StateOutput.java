package io.sluice.streams.detect.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer with the few encodings the state records use: unsigned and zig-zag varints
 * (most numbers are small offsets), fixed 4- and 8-byte values, short strings.
 */
public final class StateOutput {
  private byte[] bytes;
  private int size;

  public StateOutput(int initialCapacity) {
    bytes = new byte[Math.max(16, initialCapacity)];
  }

  public StateOutput varint(long value) {
    ensure(10);
    long v = value;
    while ((v & ~0x7FL) != 0) {
      bytes[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[size++] = (byte) v;
    return this;
  }

  /** Signed values, zig-zag encoded so that small negative numbers stay small. */
  public StateOutput zigzag(long value) {
    return varint((value << 1) ^ (value >> 63));
  }

  public StateOutput int32(int value) {
    ensure(4);
    bytes[size++] = (byte) (value >>> 24);
    bytes[size++] = (byte) (value >>> 16);
    bytes[size++] = (byte) (value >>> 8);
    bytes[size++] = (byte) value;
    return this;
  }

  public StateOutput int64(long value) {
    int32((int) (value >>> 32));
    return int32((int) value);
  }

  public StateOutput byte8(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
    return this;
  }

  public StateOutput raw(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, bytes, size, value.length);
    size += value.length;
    return this;
  }

  public StateOutput string(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    varint(utf8.length);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, bytes, size, utf8.length);
    size += utf8.length;
    return this;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
