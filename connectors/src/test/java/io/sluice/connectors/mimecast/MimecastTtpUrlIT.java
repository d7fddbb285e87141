package io.sluice.connectors.mimecast;

import static io.sluice.connectors.mimecast.MimecastItSupport.metrics;
import static io.sluice.connectors.mimecast.MimecastItSupport.settings;
import static io.sluice.connectors.testing.ItConnectors.header;
import static io.sluice.connectors.testing.ItConnectors.keys;
import static io.sluice.connectors.testing.ItConnectors.records;
import static io.sluice.connectors.testing.ItConnectors.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.core.ExitCodes;
import io.sluice.connectors.core.KafkaPagePublisher;
import io.sluice.connectors.testing.ItConnectors.RunningConnector;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.MimecastEvents;
import io.sluice.sandbox.simulators.MimecastSimulator;
import io.sluice.sandbox.simulators.MimecastSimulator.FailShape;
import io.sluice.sandbox.simulators.MimecastUrlClicks;
import io.sluice.sandbox.simulators.SimClock;
import io.sluice.sandbox.simulators.SimOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code mimecast-ttp-url} against the simulator over HTTP and a real broker. */
@ExtendWith(SandboxExtension.class)
class MimecastTtpUrlIT {
  private static final Duration LANDED = Duration.ofSeconds(60);
  private static final String TOPIC = "raw.mimecast.ttp-url";

  private final SimClock clock = SimClock.at(Instant.now());
  private final EmbeddedKafka kafka;
  private final String connectorId;
  // 437 benign + 6 scripted clicks = 443: five pages of 100
  private final MimecastEvents.Scenario scenario =
      MimecastEvents.scenario(42, clock.instant().minus(5, ChronoUnit.HOURS), 437, 0, 0);
  private final List<String> clicks = scenario.logs(MimecastEvents.TTP_URL);
  private final MimecastSimulator sim =
      MimecastSimulator.start(
          MimecastItSupport.CLIENT_ID,
          MimecastItSupport.CLIENT_SECRET,
          scenario,
          SimOptions.realistic().on(clock));

  MimecastTtpUrlIT(EmbeddedKafka kafka, TestInfo test) {
    this.kafka = kafka;
    this.connectorId = "mc-url-it-" + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  @Test
  void shouldLandEveryClickOfAMultiPageBackfillExactlyOnceByteForByte() throws Exception {
    try (RunningConnector connector = start(Map.of())) {

      await("all 443 clicks committed")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(443));

      List<ConsumerRecord<byte[], byte[]>> landed = landed();
      assertThat(values(landed)).containsExactlyInAnyOrderElementsOf(clicks);
      assertThat(keys(landed)).doesNotHaveDuplicates().allMatch(k -> k.startsWith("sha256:"));
      ConsumerRecord<byte[], byte[]> first = landed.get(0);
      assertThat(header(first, KafkaPagePublisher.HEADER_SOURCE)).isEqualTo("mimecast.ttp-url");
      assertThat(header(first, KafkaPagePublisher.HEADER_CONNECTOR)).isEqualTo(connectorId);
      assertThat(header(first, KafkaPagePublisher.HEADER_FETCHED_AT)).isNotBlank();
      await("metrics count the records")
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(metrics(connector.runtime.httpPort()))
                      .contains(
                          "sluice_connector_records_total{source=\"mimecast.ttp-url\"} 443.0"));
      assertThat(sim.tokensIssued()).as("one cached token for the whole backfill").isEqualTo(1);
      assertThat(connector.exit).isNotDone();
    }
  }

  @Test
  void shouldLoseAndRepeatNothingThroughRateLimitsServerErrorsFailInA200AndTokenExpiry()
      throws Exception {
    sim.rateLimitResetMillis(150);
    sim.faults().rateLimitEvery(3).serverErrorBurst(4, 3).truncateNextPages(1);
    sim.failNext(2, FailShape.FLAT, null);

    try (RunningConnector connector = start(Map.of(MimecastConnectorFactory.PAGE_SIZE, "50"))) {
      await("a first page committed")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).isNotEmpty());
      sim.expireTokens();
      sim.failNext(1, FailShape.NESTED, true);

      await("all 443 clicks committed despite faults")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(443));
      assertThat(values(landed())).containsExactlyInAnyOrderElementsOf(clicks);
      await("the expired token was replaced")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(sim.tokensIssued()).isGreaterThanOrEqualTo(2));
      assertThat(metrics(connector.runtime.httpPort()))
          .containsPattern(
              "sluice_connector_rate_limited_total\\{source=\"mimecast.ttp-url\"\\} [1-9]")
          .contains("kind=\"unknown\"", "kind=\"retryable\"");
      assertThat(connector.exit).isNotDone();
    }
  }

  @Test
  void shouldResumeFromItsCheckpointAndPublishOnlyNewClicks() {
    Map<String, String> flags = settings(kafka, sim, connectorId, Map.of());
    try (RunningConnector first =
        MimecastItSupport.start(new MimecastConnectorFactory.TtpUrl(), flags, clock)) {
      await("first run caught up")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(443));
    }
    List<String> live = liveClicks(25);
    sim.append(MimecastEvents.TTP_URL, live);

    try (RunningConnector second =
        MimecastItSupport.start(new MimecastConnectorFactory.TtpUrl(), flags, clock)) {
      await("the new clicks, and only those, were added")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(468));
      List<String> expected = new ArrayList<>(clicks);
      expected.addAll(live);
      assertThat(values(landed())).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(second.exit).isNotDone();
    }
  }

  @Test
  void shouldFenceTheFirstInstanceWhenASecondWithTheSameIdStarts() {
    Map<String, String> flags = settings(kafka, sim, connectorId, Map.of());
    try (RunningConnector active =
        MimecastItSupport.start(new MimecastConnectorFactory.TtpUrl(), flags, clock)) {
      await("active caught up")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(443));

      try (RunningConnector standby =
          MimecastItSupport.start(new MimecastConnectorFactory.TtpUrl(), flags, clock)) {
        await("the new instance owns the id")
            .atMost(LANDED)
            .until(() -> standby.runtime.awaitStarted(Duration.ZERO));
        sim.append(MimecastEvents.TTP_URL, liveClicks(20));

        await("the old instance stops as fenced")
            .atMost(LANDED)
            .untilAsserted(() -> assertThat(active.exit).isCompletedWithValue(ExitCodes.FENCED));
        assertThat(active.stopMessage).contains("has taken over", connectorId);
        await("the new instance published the live clicks exactly once")
            .atMost(LANDED)
            .untilAsserted(() -> assertThat(keys(landed())).hasSize(463).doesNotHaveDuplicates());
        assertThat(standby.exit).isNotDone();
      }
    }
  }

  private List<String> liveClicks(int count) {
    List<String> live = new ArrayList<>();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < count; i++) {
      live.add(
          MimecastUrlClicks.click(
              "gita@corp.example",
              "news@partner.example",
              "https://live.example/" + i,
              "clean",
              "allow",
              now.minusSeconds(count - i),
              "<live-" + i + "-" + connectorId + "@mx.example>"));
    }
    return live;
  }

  private RunningConnector start(Map<String, String> extra) {
    return MimecastItSupport.start(
        new MimecastConnectorFactory.TtpUrl(), settings(kafka, sim, connectorId, extra), clock);
  }

  private List<ConsumerRecord<byte[], byte[]>> landed() {
    return records(kafka, TOPIC, connectorId, true);
  }
}
