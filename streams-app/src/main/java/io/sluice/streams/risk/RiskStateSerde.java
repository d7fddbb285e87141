package io.sluice.streams.risk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of {@link RiskState} for the bucket store and its changelog. Versioned by its
 * first byte; severities are written by name so a new severity symbol cannot shift old state.
 */
final class RiskStateSerde implements Serde<RiskState> {
  private static final byte VERSION = 1;

  @Override
  public Serializer<RiskState> serializer() {
    return (topic, state) -> state == null ? null : write(state);
  }

  @Override
  public Deserializer<RiskState> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(bytes);
  }

  static byte[] write(RiskState state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + state.buckets.size() * 40);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeBoolean(state.vip);
      out.writeLong(state.updatedAt);
      out.writeInt(state.buckets.size());
      for (Map.Entry<Long, RiskState.Bucket> e : state.buckets.entrySet()) {
        RiskState.Bucket b = e.getValue();
        out.writeLong(e.getKey());
        out.writeLong(b.maliciousClicks);
        out.writeLong(b.failedLogins);
        out.writeLong(b.dlpViolations);
        out.writeInt(b.alertsBySeverity.size());
        for (Map.Entry<String, Long> s : b.alertsBySeverity.entrySet()) {
          out.writeUTF(s.getKey());
          out.writeLong(s.getValue());
        }
      }
    } catch (IOException e) {
      throw new SerializationException("cannot write user risk state", e);
    }
    return bytes.toByteArray();
  }

  static RiskState read(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new SerializationException("unknown user risk state version " + version);
      }
      RiskState state = new RiskState();
      state.vip = in.readBoolean();
      state.updatedAt = in.readLong();
      int buckets = in.readInt();
      for (int i = 0; i < buckets; i++) {
        RiskState.Bucket b = new RiskState.Bucket();
        long day = in.readLong();
        b.maliciousClicks = in.readLong();
        b.failedLogins = in.readLong();
        b.dlpViolations = in.readLong();
        int severities = in.readInt();
        for (int s = 0; s < severities; s++) {
          b.alertsBySeverity.put(in.readUTF(), in.readLong());
        }
        state.buckets.put(day, b);
      }
      return state;
    } catch (IOException e) {
      throw new SerializationException("cannot read user risk state", e);
    }
  }
}
