package io.sluice.streams.detect.state;

import java.util.Arrays;

/**
 * One window of a {@link ClosingSlot}: {@code [start, start + timespan)}, opened by its first
 * event, counting up to {@code cap} events and distinct values (the upper bound plus one: a count
 * above the bound need not be exact, only known to be above it).
 *
 * <p>Events are kept as 32-bit fingerprints of their event ids and values as 64-bit fingerprints,
 * so a redelivered event counts once and a value seen twice is one value; past {@code cap} the
 * window only remembers that it is over. With the feeds, the VIP flag and at most {@link
 * Evidence#MAX} evidence refs, a window costs at most about {@code 12 × cap} bytes plus evidence,
 * whatever the traffic.
 */
final class ClosingWindow {
  final long start;
  private int[] events = new int[0];
  private boolean eventsOver;
  private long[] values = new long[0];
  private boolean valuesOver;
  private int[] sources = new int[0];
  private boolean vip;
  private final Evidence evidence;

  ClosingWindow(long start) {
    this(start, new Evidence(Evidence.MAX));
  }

  private ClosingWindow(long start, Evidence evidence) {
    this.start = start;
    this.evidence = evidence;
  }

  /** Whether a time falls in this window of length {@code timespan}. */
  boolean covers(long time, long timespan) {
    return time >= start && time - start < timespan;
  }

  /** Whether this event (by fingerprint) is already counted: a redelivery. */
  boolean has(int fingerprint) {
    return indexOf(events, fingerprint) >= 0;
  }

  /** Counts one event, and its value when it has one; a redelivery adds only a new value. */
  void add(Hit hit, int cap) {
    EventRef ref = hit.ref();
    int fp = ref.fingerprint();
    if (!has(fp)) {
      if (events.length < cap) {
        events = append(events, fp);
      } else {
        eventsOver = true;
      }
      evidence.add(ref);
      if (ref.source() >= 0 && indexOf(sources, ref.source()) < 0) {
        sources = append(sources, ref.source());
      }
      vip |= hit.vip();
    }
    if (hit.hasValue() && !hasValue(hit.value())) {
      if (values.length < cap) {
        values = Arrays.copyOf(values, values.length + 1);
        values[values.length - 1] = hit.value();
      } else {
        valuesOver = true;
      }
    }
  }

  private boolean hasValue(long value) {
    for (long v : values) {
      if (v == value) {
        return true;
      }
    }
    return false;
  }

  /** The count the rule tests, or -1 when it is over the cap (above any bound it can test). */
  int count(boolean distinct) {
    if (distinct) {
      return valuesOver ? -1 : values.length;
    }
    return eventsOver ? -1 : events.length;
  }

  /** The decision this window makes, closed at {@code end}. */
  Decision decision(long end, boolean distinct) {
    return new Decision(
        start,
        end,
        events.length,
        eventsOver,
        distinct ? values.length : null,
        0,
        start,
        evidence.in(Long.MIN_VALUE, Long.MAX_VALUE),
        sources.clone(),
        vip);
  }

  void write(StateOutput out, long base) {
    out.zigzag(start - base)
        .byte8((eventsOver ? 1 : 0) | (valuesOver ? 2 : 0) | (vip ? 4 : 0))
        .varint(events.length);
    for (int e : events) {
      out.int32(e);
    }
    out.varint(values.length);
    for (long v : values) {
      out.int64(v);
    }
    out.varint(sources.length);
    for (int s : sources) {
      out.varint(s);
    }
    evidence.write(out);
  }

  /**
   * Reads a window written with any cap: when the rule's bounds changed, what the new cap cannot
   * hold is over it, and a window over the old cap stays over (its true count is unknown above it).
   */
  static ClosingWindow read(StateInput in, long base, int cap) {
    long start = base + in.zigzag();
    int flags = in.byte8();
    int[] events = new int[in.varintAsInt()];
    for (int i = 0; i < events.length; i++) {
      events[i] = in.int32();
    }
    long[] values = new long[in.varintAsInt()];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.int64();
    }
    int[] sources = new int[in.varintAsInt()];
    for (int i = 0; i < sources.length; i++) {
      sources[i] = in.varintAsInt();
    }
    ClosingWindow w = new ClosingWindow(start, Evidence.read(in, Evidence.MAX));
    w.events = Arrays.copyOf(events, Math.min(cap, events.length));
    w.eventsOver = (flags & 1) != 0 || events.length > cap;
    w.values = Arrays.copyOf(values, Math.min(cap, values.length));
    w.valuesOver = (flags & 2) != 0 || values.length > cap;
    w.vip = (flags & 4) != 0;
    w.sources = sources;
    return w;
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static int[] append(int[] values, int value) {
    int[] out = Arrays.copyOf(values, values.length + 1);
    out[values.length] = value;
    return out;
  }
}
