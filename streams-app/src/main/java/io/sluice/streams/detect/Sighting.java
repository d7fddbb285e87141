package io.sluice.streams.detect;

import io.sluice.schemas.EventMetadata;
import io.sluice.schemas.RawRef;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.canonical.Fingerprints;
import io.sluice.streams.detect.state.StateInput;
import io.sluice.streams.detect.state.StateOutput;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One canonical event as the rules of one key type see it: when it happened, where to find it
 * (event id, feed, raw record), and which rule steps it matched. This is the compact projection a
 * key-type processor receives when the event must be repartitioned to reach it (about 100 bytes
 * instead of the canonical record), and what the user processor builds in memory.
 *
 * @param rawPartition -1 when unknown
 * @param canonicalClass ordinal of the event's canonical class
 * @param vip whether the event's primary user is a VIP now (when it reaches the rules)
 */
public record Sighting(
    long time,
    String eventId,
    String source,
    String rawTopic,
    int rawPartition,
    long rawOffset,
    int canonicalClass,
    boolean vip,
    List<RuleHit> hits) {

  /**
   * One rule step the event matched.
   *
   * @param rule the rule's fingerprint
   * @param step 0 for a threshold rule or step A, 1 for step B, 2 and on for the later steps of a
   *     Sigma {@code temporal_ordered} correlation (at most 127)
   * @param value fingerprint of the value a distinct count counts
   * @param hasValue false when the rule counts events, or the event has no such value
   */
  public record RuleHit(int rule, int step, long value, boolean hasValue) {
    /** A hit counting the value's fingerprint, or none when the value is null. */
    static RuleHit of(int rule, int step, String value) {
      return new RuleHit(rule, step, value == null ? 0 : Fingerprints.of(value), value != null);
    }
  }

  private static final int VERSION = 1;

  /** The sighting of a canonical record's event. */
  static Sighting of(
      EventMetadata metadata, CanonicalClass canonicalClass, boolean vip, List<RuleHit> hits) {
    RawRef raw = metadata.getRawRef();
    return new Sighting(
        metadata.getTime().toEpochMilli(),
        metadata.getEventId(),
        metadata.getSource(),
        raw == null ? null : raw.getTopic(),
        raw == null ? -1 : raw.getPartition(),
        raw == null ? -1L : raw.getOffset(),
        canonicalClass.ordinal(),
        vip,
        List.copyOf(hits));
  }

  public static Serde<Sighting> serde() {
    return Serdes.serdeFrom(new Writer(), new Reader());
  }

  byte[] toBytes() {
    StateOutput out = new StateOutput(96);
    out.byte8(VERSION)
        .zigzag(time)
        .string(eventId)
        .string(source)
        .string(rawTopic == null ? "" : rawTopic)
        .zigzag(rawPartition)
        .zigzag(rawOffset)
        .varint(canonicalClass)
        .byte8(vip ? 1 : 0)
        .varint(hits.size());
    for (RuleHit h : hits) {
      // bit 0: the step's low bit, bit 1: has a value, bits 2-7: the step's other bits; so steps
      // 0 and 1 encode as version 1 always did
      out.int32(h.rule()).byte8((h.step() & 1) | (h.hasValue() ? 2 : 0) | ((h.step() >> 1) << 2));
      if (h.hasValue()) {
        out.int64(h.value());
      }
    }
    return out.toByteArray();
  }

  static Sighting fromBytes(byte[] bytes) {
    StateInput in = new StateInput(bytes);
    int version = in.byte8();
    if (version != VERSION) {
      throw new StateInput.CorruptStateException("unknown sighting version " + version);
    }
    long time = in.zigzag();
    String eventId = in.string();
    String source = in.string();
    String rawTopic = in.string();
    int partition = (int) in.zigzag();
    long offset = in.zigzag();
    int canonicalClass = in.varintAsInt();
    boolean vip = in.byte8() == 1;
    int n = in.varintAsInt();
    List<RuleHit> hits = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int rule = in.int32();
      int flags = in.byte8();
      boolean hasValue = (flags & 2) != 0;
      int step = (flags & 1) | ((flags >> 2) << 1);
      hits.add(new RuleHit(rule, step, hasValue ? in.int64() : 0, hasValue));
    }
    return new Sighting(
        time, eventId, source, rawTopic, partition, offset, canonicalClass, vip, List.copyOf(hits));
  }

  private static final class Writer implements Serializer<Sighting> {
    @Override
    public byte[] serialize(String topic, Sighting data) {
      return data == null ? null : data.toBytes();
    }
  }

  private static final class Reader implements Deserializer<Sighting> {
    @Override
    public Sighting deserialize(String topic, byte[] data) {
      return data == null ? null : fromBytes(data);
    }
  }
}
