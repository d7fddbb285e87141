package io.sluice.streams.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sluice's own meters (DESIGN §8). Labels are bounded: source, class, reason code, rule — never a
 * user, an IP or anything else from inside a record. Counters are cached per label set because the
 * hot path calls them once per record.
 */
public final class PipelineMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
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
    counter(
            "sluice_raw_records",
            "Raw vendor events read (a Kafka record holding several events counts each)",
            "source",
            source)
        .increment();
  }

  /** One Kafka record read from a raw topic, however many events it held. */
  public void rawKafkaRecord(String source) {
    counter("sluice_raw_kafka_records", "Kafka records read from raw topics", "source", source)
        .increment();
  }

  public void canonicalEvent(String source, String canonicalClass) {
    counter(
            "sluice_canonical_events",
            "Canonical events written",
            "source",
            source,
            "class",
            canonicalClass)
        .increment();
  }

  public void deadLetter(String source, String reason) {
    // missing_field:<name> keeps its field name: field names are a small, fixed vocabulary
    counter(
            "sluice_dead_letters",
            "Raw records sent to the DLQ",
            "source",
            source,
            "reason",
            reason)
        .increment();
  }

  public void duplicate(String source) {
    counter(
            "sluice_duplicates_dropped",
            "Raw records dropped because their event id was seen within the dedup window",
            "source",
            source)
        .increment();
  }

  public void lateEvent(String rule) {
    counter(
            "sluice_late_events",
            "Events older than the rule's grace period, counted but not fired on",
            "rule",
            rule)
        .increment();
  }

  public void alert(String rule, String severity) {
    counter("sluice_alerts", "Alerts raised", "rule", rule, "severity", severity).increment();
  }

  public void alertCapped(String rule) {
    counter(
            "sluice_alerts_capped",
            "Alerts not emitted because the rule's max_alerts_per_hour was reached",
            "rule",
            rule)
        .increment();
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
