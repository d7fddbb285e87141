package io.sluice.streams.views;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most frequent items of a stream in fixed space: Space-Saving (Metwally, Agrawal and El
 * Abbadi, 2005). At most {@code capacity} items are kept; a new item, when full, takes the place of
 * the least counted one and inherits its count (plus one), so an item that really occurs more than
 * {@code total / capacity} times is always kept and no count is ever under its true value by more
 * than the evicted minimum it inherited.
 *
 * <p>Held as a plain map item → count so that Jackson writes it as a JSON object. Not thread-safe:
 * one per task, used by its stream thread.
 */
final class TopCounts {
  /** Longer items (URLs mostly) are cut here: a store value stays bounded whatever a feed sends. */
  static final int MAX_ITEM_LENGTH = 200;

  private final int capacity;
  private final Map<String, Long> counts;

  TopCounts(int capacity) {
    this(capacity, new HashMap<>());
  }

  TopCounts(int capacity, Map<String, Long> counts) {
    this.capacity = capacity;
    this.counts = new HashMap<>(counts);
  }

  void add(String item, long n) {
    if (item == null || item.isEmpty()) {
      return;
    }
    String key = item.length() > MAX_ITEM_LENGTH ? item.substring(0, MAX_ITEM_LENGTH) : item;
    Long current = counts.get(key);
    if (current != null) {
      counts.put(key, current + n);
      return;
    }
    if (counts.size() < capacity) {
      counts.put(key, n);
      return;
    }
    Map.Entry<String, Long> least = null;
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      if (least == null || e.getValue() < least.getValue()) {
        least = e;
      }
    }
    counts.remove(least.getKey());
    counts.put(key, least.getValue() + n);
  }

  int size() {
    return counts.size();
  }

  /** The counts as they stand, for the store and for tests. */
  Map<String, Long> counts() {
    return counts;
  }

  /** The {@code n} largest of {@code counts}, largest first (equal counts by item). */
  static Map<String, Long> largest(Map<String, Long> counts, int n) {
    Map<String, Long> top = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .forEach(e -> top.put(e.getKey(), e.getValue()));
    return top;
  }
}
