package io.sluice.streams.detect;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of {@link RuleState} for the rule's state store and changelog. Versioned by
 * its first byte so a later release can read state written by this one.
 */
final class RuleStateSerde implements Serde<RuleState> {
  private static final byte VERSION = 1;

  @Override
  public Serializer<RuleState> serializer() {
    return (topic, state) -> state == null ? null : write(state);
  }

  @Override
  public Deserializer<RuleState> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(RuleState state) {
    List<RuleState.Entry> entries = state.entries();
    // strings are encoded once, so the buffer can be sized exactly
    byte[][] strings = new byte[entries.size() * 4][];
    int size = 1 + 8 + 4;
    for (int i = 0; i < entries.size(); i++) {
      RuleState.Entry e = entries.get(i);
      strings[4 * i] = utf8(e.eventId());
      strings[4 * i + 1] = utf8(e.source());
      strings[4 * i + 2] = utf8(e.distinct());
      strings[4 * i + 3] = utf8(e.rawTopic());
      size += 8 + 1 + 4 + 8 + 4 * 4;
      for (int k = 0; k < 4; k++) {
        size += strings[4 * i + k] == null ? 0 : strings[4 * i + k].length;
      }
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(VERSION).putLong(state.lowerBound()).putInt(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      RuleState.Entry e = entries.get(i);
      out.putLong(e.time());
      putString(out, strings[4 * i]);
      putString(out, strings[4 * i + 1]);
      putString(out, strings[4 * i + 2]);
      out.put((byte) (e.vip() ? 1 : 0));
      putString(out, strings[4 * i + 3]);
      out.putInt(e.rawPartition()).putLong(e.rawOffset());
    }
    return out.array();
  }

  static RuleState read(byte[] bytes) {
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      byte version = in.get();
      if (version != VERSION) {
        throw new SerializationException("unknown rule state version " + version);
      }
      long lowerBound = in.getLong();
      int size = in.getInt();
      List<RuleState.Entry> entries = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        long time = in.getLong();
        String eventId = getString(in);
        String source = getString(in);
        String distinct = getString(in);
        boolean vip = in.get() != 0;
        String rawTopic = getString(in);
        entries.add(
            new RuleState.Entry(
                time, eventId, source, distinct, vip, rawTopic, in.getInt(), in.getLong()));
      }
      return new RuleState(entries, lowerBound);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new SerializationException("cannot read rule state (" + bytes.length + " bytes)", e);
    }
  }

  /** Serde of {@link SequenceState}: both steps' states, then the suppression bound. */
  static final class Sequence implements Serde<SequenceState> {
    @Override
    public Serializer<SequenceState> serializer() {
      return (topic, state) -> {
        if (state == null) {
          return null;
        }
        byte[] first = write(state.first());
        byte[] then = write(state.then());
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(16 + first.length + then.length);
        out.putLong(state.lowerBound())
            .putInt(first.length)
            .put(first)
            .putInt(then.length)
            .put(then);
        return out.array();
      };
    }

    @Override
    public Deserializer<SequenceState> deserializer() {
      return (topic, bytes) -> {
        if (bytes == null) {
          return null;
        }
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        long lowerBound = in.getLong();
        byte[] first = new byte[in.getInt()];
        in.get(first);
        byte[] then = new byte[in.getInt()];
        in.get(then);
        return new SequenceState(read(first), read(then), lowerBound);
      };
    }
  }

  private static byte[] utf8(String value) {
    return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
  }

  private static void putString(ByteBuffer out, byte[] utf8) {
    if (utf8 == null) {
      out.putInt(-1);
    } else {
      out.putInt(utf8.length).put(utf8);
    }
  }

  private static String getString(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0) {
      return null;
    }
    String value =
        new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return value;
  }
}
