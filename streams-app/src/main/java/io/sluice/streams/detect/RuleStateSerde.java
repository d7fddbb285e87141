package io.sluice.streams.detect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + state.entries().size() * 96);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(state.lowerBound());
      out.writeInt(state.entries().size());
      for (RuleState.Entry e : state.entries()) {
        out.writeLong(e.time());
        writeString(out, e.eventId());
        writeString(out, e.source());
        writeString(out, e.distinct());
        out.writeBoolean(e.vip());
        writeString(out, e.rawTopic());
        out.writeInt(e.rawPartition());
        out.writeLong(e.rawOffset());
      }
    } catch (IOException e) {
      throw new SerializationException("cannot write rule state", e);
    }
    return bytes.toByteArray();
  }

  static RuleState read(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new SerializationException("unknown rule state version " + version);
      }
      long lowerBound = in.readLong();
      int size = in.readInt();
      List<RuleState.Entry> entries = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        entries.add(
            new RuleState.Entry(
                in.readLong(),
                readString(in),
                readString(in),
                readString(in),
                in.readBoolean(),
                readString(in),
                in.readInt(),
                in.readLong()));
      }
      return new RuleState(entries, lowerBound);
    } catch (IOException e) {
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

  private static void writeString(DataOutputStream out, String value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0) {
      return null;
    }
    byte[] utf8 = new byte[length];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
