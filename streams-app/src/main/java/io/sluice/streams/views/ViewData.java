package io.sluice.streams.views;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The view aggregates of some partitions, summed: what an instance answers for its own stores (the
 * internal endpoint) and what the public endpoints merge across instances before shaping it ({@link
 * ViewAnswers}). Everything in it adds up, so merging is a sum; only the alert list is cut back to
 * the newest.
 *
 * @param minutes counter → epoch minute → count (the last three hours)
 * @param totals counter → count over the day the stores keep
 * @param tops list → item → count over that day, at most {@link #TRANSFER_TOP} items per list
 * @param alerts the newest alerts, newest first, at most {@link #TRANSFER_ALERTS}
 * @param pipeline meter → value ({@link PipelineView}): counters sum, lags add per partition
 */
public record ViewData(
    @JsonProperty("minutes") Map<String, Map<Long, Long>> minutes,
    @JsonProperty("totals") Map<String, Long> totals,
    @JsonProperty("tops") Map<String, Map<String, Long>> tops,
    @JsonProperty("alerts") List<AlertRow> alerts,
    @JsonProperty("pipeline") Map<String, Double> pipeline) {
  /** Items per list an instance sends: more than any view shows, so a merge rarely misses one. */
  static final int TRANSFER_TOP = 200;

  /** Alerts an instance sends. */
  static final int TRANSFER_ALERTS = 500;

  static ViewData empty() {
    return new ViewData(
        new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new ArrayList<>(), new TreeMap<>());
  }

  /** Sums the stores' values of every local partition into one. */
  static ViewData read(
      ReadOnlyKeyValueStore<String, byte[]> events, ReadOnlyKeyValueStore<String, byte[]> alerts) {
    ViewData data = empty();
    data.add(events);
    data.add(alerts);
    return data.cut();
  }

  private void add(ReadOnlyKeyValueStore<String, byte[]> store) {
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> e = all.next();
        if (e.value == null) {
          continue;
        }
        switch (e.key.charAt(0)) {
          case 'm' -> {
            long minute = Long.parseLong(e.key.substring(2));
            ViewStore.readCounters(e.value)
                .forEach(
                    (name, n) ->
                        minutes
                            .computeIfAbsent(name, k -> new TreeMap<>())
                            .merge(minute, n, Long::sum));
          }
          case 'h' ->
              ViewStore.readCounters(e.value)
                  .forEach((name, n) -> totals.merge(name, n, Long::sum));
          case 't' -> {
            String list = e.key.substring(e.key.indexOf(':', 2) + 1);
            Map<String, Long> into = tops.computeIfAbsent(list, k -> new HashMap<>());
            ViewStore.readCounters(e.value).forEach((item, n) -> into.merge(item, n, Long::sum));
          }
          case 'a' -> alerts.addAll(ViewStore.readAlerts(e.value));
          default -> {
            // not a key this version writes
          }
        }
      }
    }
  }

  /** This and {@code other} summed, in a new value. */
  ViewData plus(ViewData other) {
    ViewData sum = empty();
    for (ViewData part : List.of(this, other)) {
      part.minutes.forEach(
          (name, series) -> {
            Map<Long, Long> into = sum.minutes.computeIfAbsent(name, k -> new TreeMap<>());
            series.forEach((minute, n) -> into.merge(minute, n, Long::sum));
          });
      part.totals.forEach((name, n) -> sum.totals.merge(name, n, Long::sum));
      part.tops.forEach(
          (list, items) -> {
            Map<String, Long> into = sum.tops.computeIfAbsent(list, k -> new HashMap<>());
            items.forEach((item, n) -> into.merge(item, n, Long::sum));
          });
      sum.alerts.addAll(part.alerts);
      part.pipeline.forEach((name, v) -> sum.pipeline.merge(name, v, Double::sum));
    }
    return sum.cut();
  }

  /** With this instance's pipeline meters. */
  ViewData withPipeline(Map<String, Double> meters) {
    return new ViewData(minutes, totals, tops, alerts, new TreeMap<>(meters));
  }

  /** Top lists and alerts cut to what is sent on; an alert seen twice (a rebalance) kept once. */
  private ViewData cut() {
    Map<String, Map<String, Long>> cutTops = new TreeMap<>();
    tops.forEach((list, items) -> cutTops.put(list, TopCounts.largest(items, TRANSFER_TOP)));
    Map<String, AlertRow> unique = new LinkedHashMap<>();
    alerts.stream()
        .sorted(
            Comparator.comparingLong(AlertRow::detectedAt)
                .reversed()
                .thenComparing(AlertRow::alertId))
        .forEach(a -> unique.putIfAbsent(a.alertId(), a));
    List<AlertRow> newest = unique.values().stream().limit(TRANSFER_ALERTS).toList();
    return new ViewData(minutes, totals, cutTops, new ArrayList<>(newest), pipeline);
  }
}
