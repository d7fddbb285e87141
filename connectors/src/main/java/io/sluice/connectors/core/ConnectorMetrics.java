package io.sluice.connectors.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connector meters of docs/design.md §8 for one source. Labels are bounded by construction:
 * {@code source} is the feed, {@code status} an HTTP status or {@code io_error}, {@code kind} an
 * {@link ErrorKind} label or {@code kafka}; never a URL, a user or a credential.
 *
 * <p>Prometheus names: {@code sluice_connector_requests_total{source,status}}, {@code
 * sluice_connector_rate_limited_total{source}}, {@code sluice_connector_records_total{source}},
 * {@code sluice_connector_errors_total{source,kind}}, {@code sluice_connector_lag_seconds{source}}
 * and {@code sluice_connector_last_success_timestamp_seconds{source}}; for time-windowed feeds also
 * {@code sluice_connector_late_records_total}, {@code _repeats_skipped_total}, {@code
 * _dedup_evicted_total} and {@code _cursor_restarts_total}, and {@code
 * sluice_connector_producer_rebuilds_total} (all by {@code source}).
 */
public final class ConnectorMetrics {
  private final MeterRegistry registry;
  private final String source;
  private final Counter rateLimited;
  private final Counter records;
  private final AtomicLong lagMillis = new AtomicLong();
  private final AtomicLong lastSuccessMillis = new AtomicLong();

  public ConnectorMetrics(MeterRegistry registry, String source) {
    this.registry = registry;
    this.source = source;
    this.rateLimited =
        Counter.builder("sluice.connector.rate.limited")
            .description("Responses in which the vendor asked the connector to slow down")
            .tag("source", source)
            .register(registry);
    this.records =
        Counter.builder("sluice.connector.records")
            .description("Records committed to the raw topic")
            .tag("source", source)
            .register(registry);
    Gauge.builder("sluice.connector.lag", lagMillis, v -> v.get() / 1000.0)
        .description("Now minus the newest event time of the last page (0 when caught up)")
        .baseUnit("seconds")
        .tag("source", source)
        .register(registry);
    Gauge.builder("sluice.connector.last.success.timestamp", lastSuccessMillis, v -> v.get() / 1e3)
        .description("When a poll last succeeded, epoch seconds")
        .baseUnit("seconds")
        .tag("source", source)
        .register(registry);
  }

  /** The {@code source} label of these meters. */
  public String source() {
    return source;
  }

  /** Counts one HTTP exchange by its status ({@code "200"}, {@code "429"}, {@code "io_error"}). */
  public void request(String status) {
    Counter.builder("sluice.connector.requests")
        .description("HTTP requests to the vendor API, by status")
        .tag("source", source)
        .tag("status", status)
        .register(registry)
        .increment();
  }

  public void rateLimited() {
    rateLimited.increment();
  }

  public void records(int count) {
    records.increment(count);
  }

  /** Records a time-windowed feed found through its overlap (visible after newer ones). */
  public void lateRecords(int count) {
    count("sluice.connector.late.records", "Records found through the overlap window", count);
  }

  /** Records served again (overlap, page boundary) and skipped because already published. */
  public void repeatsSkipped(int count) {
    count(
        "sluice.connector.repeats.skipped",
        "Records the vendor served again that were already published",
        count);
  }

  /** Keys dropped from a full dedup set: if served again they are published again. */
  public void dedupEvicted(int count) {
    count("sluice.connector.dedup.evicted", "Dedup keys dropped because the set was full", count);
  }

  /** A paging cursor the vendor rejected (expired): the window restarted from its start. */
  public void cursorRestart() {
    count("sluice.connector.cursor.restarts", "Windows restarted after an expired cursor", 1);
  }

  /** The Kafka producer was rebuilt after a commit whose outcome was unknown (timed out). */
  public void producerRebuilt() {
    count(
        "sluice.connector.producer.rebuilds",
        "Producers rebuilt after a commit timed out; the checkpoint was read again",
        1);
  }

  /** The vendor's headers said to wait before the next request (a 429, or a quota used up). */
  public void vendorWait() {
    count(
        "sluice.connector.vendor.waits",
        "Times the vendor's rate-limit headers held the next request back",
        1);
  }

  /** A SIEM batch file was refused (403/404), so its listing was fetched again. */
  public void siemRelisted() {
    count(
        "sluice.connector.siem.relists",
        "Listings fetched again for a fresh URL after a batch file answered 403 or 404",
        1);
  }

  private void count(String name, String description, int count) {
    if (count > 0) {
      Counter.builder(name)
          .description(description)
          .tag("source", source)
          .register(registry)
          .increment(count);
    }
  }

  public void error(String kind) {
    Counter.builder("sluice.connector.errors")
        .description("Failed polls and publishes, by kind")
        .tag("source", source)
        .tag("kind", kind)
        .register(registry)
        .increment();
  }

  public void lag(Duration lag) {
    lagMillis.set(Math.max(0, lag.toMillis()));
  }

  public void lastSuccess(Instant when) {
    lastSuccessMillis.set(when.toEpochMilli());
  }
}
