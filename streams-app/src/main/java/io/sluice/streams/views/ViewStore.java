package io.sluice.streams.views;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One task's view aggregates, held decoded in memory and written behind to its Kafka Streams store
 * ({@link #flush}, from a wall-clock punctuator): a key is serialised and put at most once per
 * flush however many events touched it, so the store, its cache and its changelog see a handful of
 * writes per second instead of one per event (docs/design.md, "Focused views").
 *
 * <p>Keys say what their value is and which time bucket it covers:
 *
 * <ul>
 *   <li>{@code m:<epoch minute>} — named counters of that minute ({@code Map<String, Long>});
 *   <li>{@code h:<epoch hour>} — named counters of that hour;
 *   <li>{@code t:<epoch hour>:<list>} — a {@link TopCounts} summary of that hour;
 *   <li>{@code a:<area>} — the latest alerts of an area, newest first, at most {@link
 *       #LATEST_ALERTS}.
 * </ul>
 *
 * Buckets older than the retention (judged by the newest event time this task has seen) are dropped
 * at each flush, so a store holds at most {@code MINUTES + 1} minute keys and {@code HOURS + 1}
 * hours of the others.
 */
final class ViewStore {
  /** Minute buckets kept: three hours of per-minute series. */
  static final int MINUTES = 180;

  /** Hour buckets kept: a day of top lists and alert counts. */
  static final int HOURS = 24;

  /** Items each top summary keeps per hour and partition. */
  static final int TOP_CAPACITY = 50;

  /** Alerts kept per area and partition. */
  static final int LATEST_ALERTS = 50;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Long>> COUNTERS = new TypeReference<>() {};
  private static final TypeReference<List<AlertRow>> ALERTS = new TypeReference<>() {};

  private final KeyValueStore<String, byte[]> store;
  private final Map<String, Map<String, Long>> counters = new HashMap<>();
  private final Map<String, TopCounts> tops = new HashMap<>();
  private final Map<String, List<AlertRow>> alerts = new HashMap<>();
  private final Set<String> dirty = new HashSet<>();
  private long newest = Long.MIN_VALUE;

  /** Loads what the store holds: a few hundred keys at most. */
  ViewStore(KeyValueStore<String, byte[]> store) {
    this.store = store;
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> e = all.next();
        switch (e.key.charAt(0)) {
          case 'm', 'h' -> counters.put(e.key, read(e.value, COUNTERS));
          case 't' -> tops.put(e.key, new TopCounts(TOP_CAPACITY, read(e.value, COUNTERS)));
          case 'a' -> alerts.put(e.key, new ArrayList<>(read(e.value, ALERTS)));
          default -> {
            // not a key this version writes: left alone
          }
        }
        if (e.key.charAt(0) == 'm') {
          newest = Math.max(newest, Long.parseLong(e.key.substring(2)) * 60_000L);
        }
      }
    }
  }

  /**
   * Notes an event's time; false if it is older than every bucket kept (the views then ignore it).
   */
  boolean observe(long time) {
    newest = Math.max(newest, time);
    return time > newest - HOURS * 3_600_000L;
  }

  /** Adds {@code n} to counter {@code name} of the event's minute (if still kept) and hour. */
  void count(long time, String name, long n) {
    if (time > newest - MINUTES * 60_000L) {
      add(minuteKey(time), name, n);
    }
    add(hourKey(time), name, n);
  }

  /** Adds {@code n} to counter {@code name} of the event's hour only. */
  void countHourly(long time, String name, long n) {
    add(hourKey(time), name, n);
  }

  private void add(String key, String name, long n) {
    counters.computeIfAbsent(key, k -> new HashMap<>()).merge(name, n, Long::sum);
    dirty.add(key);
  }

  /** Counts {@code item} once more in the hour's summary {@code list}. */
  void top(long time, String list, String item) {
    if (item == null || item.isEmpty()) {
      return;
    }
    String key = "t:" + time / 3_600_000L + ":" + list;
    tops.computeIfAbsent(key, k -> new TopCounts(TOP_CAPACITY)).add(item, 1);
    dirty.add(key);
  }

  /** Puts an alert first in its area's list, dropping the oldest beyond the cap. */
  void alert(AlertRow row) {
    String key = "a:" + row.area();
    List<AlertRow> latest = alerts.computeIfAbsent(key, k -> new ArrayList<>());
    latest.add(0, row);
    if (latest.size() > LATEST_ALERTS) {
      latest.remove(latest.size() - 1);
    }
    dirty.add(key);
  }

  /** Drops buckets past the retention and writes every key changed since the last flush. */
  void flush() {
    long oldestMinute = (newest - MINUTES * 60_000L) / 60_000L;
    long oldestHour = (newest - HOURS * 3_600_000L) / 3_600_000L;
    expire(counters.keySet(), oldestMinute, oldestHour);
    expire(tops.keySet(), oldestMinute, oldestHour);
    for (String key : dirty) {
      Object value =
          switch (key.charAt(0)) {
            case 't' -> tops.containsKey(key) ? tops.get(key).counts() : null;
            case 'a' -> alerts.get(key);
            default -> counters.get(key);
          };
      store.put(key, value == null ? null : write(value));
    }
    dirty.clear();
  }

  private void expire(Set<String> keys, long oldestMinute, long oldestHour) {
    keys.removeIf(
        key -> {
          boolean old =
              key.charAt(0) == 'm'
                  ? Long.parseLong(key.substring(2)) <= oldestMinute
                  : bucketHour(key) <= oldestHour;
          if (old) {
            dirty.add(key); // written as a delete
          }
          return old;
        });
  }

  private static long bucketHour(String key) {
    int end = key.indexOf(':', 2);
    return Long.parseLong(end < 0 ? key.substring(2) : key.substring(2, end));
  }

  static String minuteKey(long time) {
    return "m:" + time / 60_000L;
  }

  static String hourKey(long time) {
    return "h:" + time / 3_600_000L;
  }

  private static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T read(byte[] value, TypeReference<T> type) {
    try {
      return JSON.readValue(value, type);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable view store value", e);
    }
  }

  static Map<String, Long> readCounters(byte[] value) {
    return read(value, COUNTERS);
  }

  static List<AlertRow> readAlerts(byte[] value) {
    return read(value, ALERTS);
  }
}
