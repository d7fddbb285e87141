package io.sluice.streams.detect.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a key-type processor keeps for its whole partition, in one reserved record of its store: the
 * feeds it has seen (a table the key states index into, with each feed's raw topic, the canonical
 * classes it produced and its clock — the newest event time it brought in this partition), and the
 * alerts each rule raised per hour of event time (for {@code max_alerts_per_hour}; in the store, so
 * an aborted transaction rolls the count back).
 */
public final class PartitionState {
  private static final int VERSION = 1;
  private static final long HOUR = 3_600_000L;

  /** A feed seen in this partition. */
  public static final class Source {
    public final String name;
    public final String rawTopic;
    long classes;
    long clock = Long.MIN_VALUE;

    Source(String name, String rawTopic) {
      this.name = name;
      this.rawTopic = rawTopic;
    }

    public long clock() {
      return clock;
    }

    public boolean produced(long classMask) {
      return (classes & classMask) != 0;
    }
  }

  private final List<Source> sources = new ArrayList<>();
  private final Map<String, Integer> byName = new HashMap<>();
  private final Map<Integer, TreeMap<Long, Integer>> alertsPerHour = new HashMap<>();
  private boolean dirty;

  /** The feed's index in the table, adding it when new. */
  public int source(String name, String rawTopic) {
    Integer index = byName.get(name);
    if (index != null) {
      return index;
    }
    sources.add(new Source(name, rawTopic == null ? "" : rawTopic));
    byName.put(name, sources.size() - 1);
    dirty = true;
    return sources.size() - 1;
  }

  public Source source(int index) {
    return sources.get(index);
  }

  public List<Source> sources() {
    return sources;
  }

  /** Records an event of a feed: its class and time. True when the feed's clock moved. */
  public boolean observe(int source, int classOrdinal, long time) {
    Source s = sources.get(source);
    long classes = s.classes | 1L << classOrdinal;
    if (classes != s.classes) {
      s.classes = classes;
      dirty = true;
    }
    if (time > s.clock) {
      s.clock = time;
      dirty = true;
      return true;
    }
    return false;
  }

  /** The newest event time of any feed here, or MIN_VALUE: "now" for decay that needs one. */
  public long newestClock() {
    long newest = Long.MIN_VALUE;
    for (Source s : sources) {
      newest = Math.max(newest, s.clock);
    }
    return newest;
  }

  /**
   * Counts an alert of a rule toward its hour of event time; false when the hour already had {@code
   * cap} (the alert is then not emitted, but still suppresses, docs/rules.md).
   */
  public boolean underCap(int rule, long windowEnd, int cap) {
    TreeMap<Long, Integer> hours = alertsPerHour.computeIfAbsent(rule, r -> new TreeMap<>());
    long hour = Math.floorDiv(windowEnd, HOUR);
    hours.headMap(hours.isEmpty() ? hour : Math.max(hour, hours.lastKey()) - 24).clear();
    int emitted = hours.getOrDefault(hour, 0);
    if (emitted >= cap) {
      return false;
    }
    hours.put(hour, emitted + 1);
    dirty = true;
    return true;
  }

  /** Whether anything changed since {@link #clean()}: the record then needs writing. */
  public boolean dirty() {
    return dirty;
  }

  public void clean() {
    dirty = false;
  }

  public byte[] toBytes() {
    StateOutput out = new StateOutput(64 + sources.size() * 48);
    out.byte8(VERSION).varint(sources.size());
    for (Source s : sources) {
      out.string(s.name).string(s.rawTopic).varint(s.classes).zigzag(s.clock);
    }
    out.varint(alertsPerHour.size());
    for (Map.Entry<Integer, TreeMap<Long, Integer>> e : alertsPerHour.entrySet()) {
      out.int32(e.getKey()).varint(e.getValue().size());
      for (Map.Entry<Long, Integer> h : e.getValue().entrySet()) {
        out.zigzag(h.getKey()).varint(h.getValue());
      }
    }
    return out.toByteArray();
  }

  public static PartitionState fromBytes(byte[] bytes) {
    PartitionState state = new PartitionState();
    if (bytes == null) {
      return state;
    }
    StateInput in = new StateInput(bytes);
    int version = in.byte8();
    if (version != VERSION) {
      throw new StateInput.CorruptStateException("unknown partition state version " + version);
    }
    int n = in.varintAsInt();
    for (int i = 0; i < n; i++) {
      int index = state.source(in.string(), in.string());
      Source s = state.sources.get(index);
      s.classes = in.varint();
      s.clock = in.zigzag();
    }
    int rules = in.varintAsInt();
    for (int i = 0; i < rules; i++) {
      int rule = in.int32();
      int hours = in.varintAsInt();
      TreeMap<Long, Integer> counts = new TreeMap<>();
      for (int h = 0; h < hours; h++) {
        counts.put(in.zigzag(), in.varintAsInt());
      }
      state.alertsPerHour.put(rule, counts);
    }
    state.dirty = false;
    return state;
  }
}
