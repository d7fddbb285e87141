package io.sluice.connectors.testing;

import static io.sluice.connectors.testing.ItConnectors.keys;
import static io.sluice.connectors.testing.ItConnectors.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.testing.ItConnectors.RunningConnector;
import io.sluice.sandbox.simulators.SimClock;
import io.sluice.sandbox.simulators.SimOptions;
import io.sluice.sandbox.simulators.VendorSimulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A vendor at its worst, all at once, on simulated time: what each vendor's adversarial IT runs.
 * The simulator is {@link SimOptions#realistic()} (records visible 0–150 s late, a clock 90 s
 * behind, its quota and headers) with cursors that expire after {@link #CURSOR_LIFETIME}, so that
 * the waits a tight quota imposes between pages outlive them; the broker times out every fifth
 * commit ({@link TimingOutCommits}). Traffic is {@link #TRAFFIC} of records after a backfill; the
 * test runs until simulated time is past the traffic and every record has landed.
 */
public final class Adversity {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Adversity.class);

  /** How long simulated traffic lasts. */
  public static final Duration TRAFFIC = Duration.ofMinutes(5);

  public static final Duration CURSOR_LIFETIME = Duration.ofSeconds(5);

  /**
   * How long before the end of the traffic a straggler is stamped: older than the newest records
   * published, well inside every connector's overlap (15 minutes or more).
   */
  public static final Duration STRAGGLER_AGE = Duration.ofMinutes(2);

  /** Wall time an adversarial run may take. */
  public static final Duration WALL = Duration.ofSeconds(150);

  private Adversity() {}

  /** Where simulated time starts: now, to the second. */
  public static SimClock clock() {
    return SimClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  public static SimOptions options(SimClock clock) {
    return SimOptions.realistic().on(clock).cursorsExpireAfter(CURSOR_LIFETIME);
  }

  /** Fast polling on simulated time, a small page so windows need many requests. */
  public static java.util.Map<String, String> settings(java.util.Map<String, String> extra) {
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    settings.put("poll.interval", "30s");
    settings.putAll(extra);
    return settings;
  }

  /**
   * Waits until simulated time is past the traffic (ending at {@code end}) plus lateness and skew,
   * and {@code expected} records have landed; then checks that each landed exactly once, byte for
   * byte.
   */
  public static void awaitEveryRecordExactlyOnce(
      SimClock clock,
      Instant end,
      Supplier<List<ConsumerRecord<byte[], byte[]>>> landed,
      List<String> expectedValues) {
    Instant settled = end.plus(Duration.ofMinutes(5));
    await("simulated time passes the traffic and every record lands")
        .atMost(WALL)
        .untilAsserted(
            () -> {
              assertThat(clock.instant()).isAfter(settled);
              assertThat(landed.get()).hasSizeGreaterThanOrEqualTo(expectedValues.size());
            });
    assertExactlyOnce(landed.get(), expectedValues);
  }

  private static void assertExactlyOnce(
      List<ConsumerRecord<byte[], byte[]>> all, List<String> expectedValues) {
    assertThat(expectedValues).as("the fixture itself").doesNotHaveDuplicates();
    assertThat(values(all))
        .as("every record exactly once in a read_committed consumer, byte for byte")
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(expectedValues);
    assertThat(keys(all)).doesNotHaveDuplicates();
  }

  /** What a time-windowed feed met: cursors that expired and restarted their window. */
  public static void assertCursorsExpired(RunningConnector connector, String... sources)
      throws Exception {
    int port = connector.runtime.httpPort();
    double restarts = 0;
    for (String source : sources) {
      restarts += ItMetrics.value(port, "sluice_connector_cursor_restarts_total", source);
    }
    assertThat(restarts).as("expired cursors restarted their window").isPositive();
  }

  /**
   * A straggler: a record the vendor indexes only now, stamped {@link #STRAGGLER_AGE} before the
   * end of the traffic and so older than records the connector has already published, as a vendor's
   * index serves a record that a lagging shard caught up on. Once every earlier record has landed,
   * {@code append} hands it to the simulator; the connector, polling on, must find it through its
   * overlap, publish it exactly once and count it late.
   *
   * <p>Why not rely on the simulator's own lateness alone: its 0–150 s per record show as "late"
   * only when a poll falls between a newer record's visibility and an older one's, and under a
   * tight quota the connector can lag the live edge by more than 150 s for a whole run (seen in CI:
   * 0 late records found in one run, 22–105 in others), so a check on that count was flaky.
   */
  public static void assertAStragglerIsFoundThroughTheOverlap(
      RunningConnector connector,
      String source,
      Runnable append,
      Supplier<List<ConsumerRecord<byte[], byte[]>>> landed,
      List<String> earlier,
      String straggler)
      throws Exception {
    int port = connector.runtime.httpPort();
    String late = "sluice_connector_late_records_total";
    double before = ItMetrics.value(port, late, source);
    append.run();
    List<String> expected = new java.util.ArrayList<>(earlier);
    expected.add(straggler);
    await("the straggler lands")
        .atMost(WALL)
        .untilAsserted(() -> assertThat(landed.get()).hasSizeGreaterThanOrEqualTo(expected.size()));
    assertExactlyOnce(landed.get(), expected);
    assertThat(ItMetrics.value(port, late, source) - before)
        .as("the straggler was found through the overlap and counted late")
        .isGreaterThanOrEqualTo(1);
  }

  /** What the run met: the vendor's blocks were real, honoured, and the broker's timeouts too. */
  public static void assertTheVendorWasHonouredAndTheBrokerTimedOut(
      VendorSimulator vendor, RunningConnector connector, String... sources) throws Exception {
    double waits = 0;
    for (String source : sources) {
      waits +=
          ItMetrics.value(
              connector.runtime.httpPort(), "sluice_connector_vendor_waits_total", source);
    }
    log.info(
        "Adversity: {} requests; quota refused {}, requests inside a block {}; commits timed out"
            + " {}, producers built {}; the vendor's headers held requests back {} times",
        vendor.requestCount(),
        vendor.rateLimitRefusals(),
        vendor.rateLimitViolations(),
        connector.commits.timeouts(),
        connector.commits.producersBuilt(),
        waits);
    assertThat(waits)
        .as("the quota ran out: a 429, or a success with nothing remaining, held requests back")
        .isPositive();
    assertThat(vendor.rateLimitViolations()).as("no request inside a rate-limit block").isZero();
    assertThat(connector.commits.timeouts()).as("commits timed out").isPositive();
    assertThat(connector.commits.producersBuilt())
        .as("an unreachable broker made the connector rebuild its producer")
        .isGreaterThan(1);
    assertThat(connector.exit).as("and it never stopped").isNotDone();
  }
}
