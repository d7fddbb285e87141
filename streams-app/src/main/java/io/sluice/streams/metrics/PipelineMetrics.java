package io.sluice.streams.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sluice's own meters (docs/design.md §8). Labels are bounded: source, class, reason code, rule —
 * never a user, an IP or anything else from inside a record. Counters are cached per label set
 * because the hot path calls them once per record.
 *
 * <p>Counters count committed outcomes when made with {@link #committed}: a processor's increments
 * are held for its stream thread and added when that thread's Kafka transaction commits ({@link
 * #commitPending}), or dropped when it aborts ({@link #discardPending}). A record processed again
 * after an aborted transaction (a registry outage, a crash, a fenced producer) is then counted
 * once, as it is written once, and {@code raw = canonical + DLQ + duplicates} holds for the
 * counters as it does for the topics. Kafka Streams runs a task's processing and its commit on the
 * same thread, which is what makes a per-thread buffer exact.
 */
public final class PipelineMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, AtomicLong>> largestRecords = new ConcurrentHashMap<>();
  private final boolean deferred;
  private final ThreadLocal<Map<Counter, double[]>> pending =
      ThreadLocal.withInitial(java.util.HashMap::new);

  /** Counters that count at once (replay, TopologyTestDriver, at-least-once processing). */
  public PipelineMetrics(MeterRegistry registry) {
    this(registry, false);
  }

  private PipelineMetrics(MeterRegistry registry, boolean deferred) {
    this.registry = registry;
    this.deferred = deferred;
  }

  /** Counters that count only what a committed transaction wrote (exactly-once processing). */
  public static PipelineMetrics committed(MeterRegistry registry) {
    return new PipelineMetrics(registry, true);
  }

  /** Adds the calling thread's held increments to the counters: its transaction committed. */
  public void commitPending() {
    Map<Counter, double[]> held = pending.get();
    held.forEach((counter, amount) -> counter.increment(amount[0]));
    held.clear();
  }

  /** Drops the calling thread's held increments: its transaction aborted. */
  public void discardPending() {
    pending.get().clear();
  }

  private void increment(Counter counter) {
    if (deferred) {
      pending.get().computeIfAbsent(counter, c -> new double[1])[0]++;
    } else {
      counter.increment();
    }
  }

  /** Metrics that go nowhere but can still be read, for tests and replay. */
  public static PipelineMetrics inMemory() {
    return new PipelineMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * One raw event read. A Kafka record holding several events (a batch, an envelope) counts once
   * per event, so that raw = canonical + DLQ + duplicates holds per event.
   */
  public void rawRecord(String source) {
    increment(
        counter(
            "sluice_raw_records",
            "Raw vendor events read (a Kafka record holding several events counts each)",
            "source",
            source));
  }

  /** One Kafka record read from a raw topic, however many events it held. */
  public void rawKafkaRecord(String source) {
    increment(
        counter(
            "sluice_raw_kafka_records", "Kafka records read from raw topics", "source", source));
  }

  public void canonicalEvent(String source, String canonicalClass) {
    increment(
        counter(
            "sluice_canonical_events",
            "Canonical events written",
            "source",
            source,
            "class",
            canonicalClass));
  }

  public void deadLetter(String source, String reason) {
    // missing_field:<name> keeps its field name: field names are a small, fixed vocabulary
    increment(
        counter(
            "sluice_dead_letters",
            "Raw records sent to the DLQ",
            "source",
            source,
            "reason",
            reason));
  }

  public void duplicate(String source) {
    increment(
        counter(
            "sluice_duplicates_dropped",
            "Raw records dropped because their event id was seen within the dedup window",
            "source",
            source));
  }

  /** An event later than its own feed's and key's clock allows (docs/rules.md, "Time"). */
  public void lateEvent(String rule, String source) {
    increment(
        counter(
            "sluice_late_events",
            "Events too late for a rule (judged by their own feed and key), counted but not fired"
                + " on",
            "rule",
            rule,
            "source",
            source));
  }

  /**
   * The size of the largest state record a store has written recently (per task, the largest of
   * them): how close the biggest key is to Kafka's record-size limit.
   */
  public void stateRecordSize(String store, int task, long bytes) {
    largestRecords
        .computeIfAbsent(
            store,
            s -> {
              Map<Integer, AtomicLong> perTask = new ConcurrentHashMap<>();
              Gauge.builder(
                      "sluice_state_record_max_bytes",
                      perTask,
                      m -> m.values().stream().mapToLong(AtomicLong::get).max().orElse(0))
                  .description(
                      "Largest state record written by the store since its last full eviction scan")
                  .tag("store", s)
                  .register(registry);
              return perTask;
            })
        .computeIfAbsent(task, t -> new AtomicLong())
        .accumulateAndGet(bytes, Math::max);
  }

  /** Starts a new measuring period for a store's largest record (after a full scan). */
  public void resetStateRecordSize(String store, int task, long bytes) {
    Map<Integer, AtomicLong> perTask = largestRecords.get(store);
    if (perTask != null) {
      perTask.computeIfAbsent(task, t -> new AtomicLong()).set(bytes);
    }
  }

  public void riskTooOld() {
    increment(
        counter(
            "sluice_risk_events_too_old",
            "Risk contributions older than the 30-day window when they arrived"));
  }

  public void alert(String rule, String severity) {
    increment(counter("sluice_alerts", "Alerts raised", "rule", rule, "severity", severity));
  }

  public void alertCapped(String rule) {
    increment(
        counter(
            "sluice_alerts_capped",
            "Alerts not emitted because the rule's max_alerts_per_hour was reached",
            "rule",
            rule));
  }

  /** The current value of a gauge, for tests. */
  public double gauge(String name, String... tags) {
    Gauge gauge = registry.find(name).tags(tags).gauge();
    return gauge == null ? 0 : gauge.value();
  }

  /** The current value of a counter, for tests and the demo summary. */
  public double count(String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private Counter counter(String name, String description, String... tags) {
    String cacheKey = name + String.join("\u0000", tags);
    return counters.computeIfAbsent(
        cacheKey,
        k -> Counter.builder(name).description(description).tags(tags).register(registry));
  }
}
