package io.sluice.streams.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one rule remembers for one group key: the matching events still inside window + grace,
 * sorted by event time, and the earliest window end a new alert may have (suppression).
 *
 * <p>Kept sorted by (time, event id) so that the crossing found does not depend on arrival order.
 */
final class RuleState {
  /** No alert yet: any crossing may fire. */
  static final long NO_BOUND = Long.MIN_VALUE;

  private final List<Entry> entries;
  private long lowerBound;

  RuleState() {
    this(new ArrayList<>(), NO_BOUND);
  }

  RuleState(List<Entry> entries, long lowerBound) {
    this.entries = entries;
    this.lowerBound = lowerBound;
  }

  /**
   * A counted event. Only what alerts need is kept, not the canonical record.
   *
   * @param distinct the value of the rule's distinct field, or null for count: events
   */
  record Entry(
      long time,
      String eventId,
      String source,
      String distinct,
      boolean vip,
      String rawTopic,
      int rawPartition,
      long rawOffset) {}

  List<Entry> entries() {
    return entries;
  }

  long lowerBound() {
    return lowerBound;
  }

  void suppressUntil(long windowEndInclusive) {
    lowerBound = windowEndInclusive;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Drops events at or before {@code cutoff}: no window a future alert may end in reaches them. */
  void pruneUpTo(long cutoff) {
    int drop = 0;
    while (drop < entries.size() && entries.get(drop).time() <= cutoff) {
      drop++;
    }
    if (drop > 0) {
      entries.subList(0, drop).clear();
    }
  }

  /** Inserts in (time, event id) order; false if this event id is already counted (redelivery). */
  boolean insert(Entry entry) {
    int at = entries.size();
    while (at > 0 && compare(entries.get(at - 1), entry) > 0) {
      at--;
    }
    for (int i = at - 1; i >= 0 && entries.get(i).time() == entry.time(); i--) {
      if (entries.get(i).eventId().equals(entry.eventId())) {
        return false;
      }
    }
    for (int i = at; i < entries.size() && entries.get(i).time() == entry.time(); i++) {
      if (entries.get(i).eventId().equals(entry.eventId())) {
        return false;
      }
    }
    entries.add(at, entry);
    return true;
  }

  /**
   * The earliest window end T, among the event times of stored events, at which the count over
   * {@code (T - window, T]} reaches the threshold, considering only T ≥ the suppression bound. A
   * new event at time t can only complete windows ending in {@code [t, t + window)}, and no earlier
   * crossing existed (it would have fired), so only those are searched.
   */
  OptionalLong earliestCrossing(long t, long window, int threshold, boolean distinct) {
    long from = Math.max(t, lowerBound);
    long until = t + window; // exclusive
    int lo = 0;
    int hi = 0; // entries [lo, hi) are in the current window
    Map<String, Integer> distinctCounts = new HashMap<>();
    for (int j = 0; j < entries.size(); j++) {
      long end = entries.get(j).time();
      if (end >= until) {
        break;
      }
      while (hi < entries.size() && entries.get(hi).time() <= end) {
        add(distinctCounts, entries.get(hi).distinct(), distinct);
        hi++;
      }
      while (lo < hi && entries.get(lo).time() <= end - window) {
        remove(distinctCounts, entries.get(lo).distinct(), distinct);
        lo++;
      }
      if (end < from) {
        continue;
      }
      int count = distinct ? distinctCounts.size() : hi - lo;
      if (count >= threshold) {
        return OptionalLong.of(end);
      }
    }
    return OptionalLong.empty();
  }

  /**
   * Every event time T at which the count over {@code (T - window, T]} is at least the threshold,
   * ascending: the moments a sequence rule's first step is complete.
   */
  long[] completions(long window, int threshold, boolean distinct) {
    long[] out = new long[entries.size()];
    int n = 0;
    int lo = 0;
    int hi = 0;
    Map<String, Integer> distinctCounts = new HashMap<>();
    for (int j = 0; j < entries.size(); j++) {
      long end = entries.get(j).time();
      while (hi < entries.size() && entries.get(hi).time() <= end) {
        add(distinctCounts, entries.get(hi).distinct(), distinct);
        hi++;
      }
      while (lo < hi && entries.get(lo).time() <= end - window) {
        remove(distinctCounts, entries.get(lo).distinct(), distinct);
        lo++;
      }
      int count = distinct ? distinctCounts.size() : hi - lo;
      if (count >= threshold && (n == 0 || out[n - 1] != end)) {
        out[n++] = end;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** The events inside {@code (end - window, end]}, oldest first. */
  List<Entry> window(long end, long window) {
    List<Entry> inWindow = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.time() > end - window && entry.time() <= end) {
        inWindow.add(entry);
      }
    }
    return inWindow;
  }

  private static void add(Map<String, Integer> counts, String value, boolean distinct) {
    if (distinct && value != null) {
      counts.merge(value, 1, Integer::sum);
    }
  }

  private static void remove(Map<String, Integer> counts, String value, boolean distinct) {
    if (distinct && value != null) {
      counts.computeIfPresent(value, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  private static int compare(Entry a, Entry b) {
    int byTime = Long.compare(a.time(), b.time());
    return byTime != 0 ? byTime : a.eventId().compareTo(b.eventId());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RuleState other
        && lowerBound == other.lowerBound
        && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return Objects.hash(entries, lowerBound);
  }
}
