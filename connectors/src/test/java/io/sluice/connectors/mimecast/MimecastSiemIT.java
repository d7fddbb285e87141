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
import io.sluice.sandbox.simulators.MimecastSiemLines;
import io.sluice.sandbox.simulators.MimecastSimulator;
import io.sluice.sandbox.simulators.MimecastSimulator.FailShape;
import io.sluice.sandbox.simulators.SimClock;
import io.sluice.sandbox.simulators.SimOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code mimecast-siem} (batch files) against the simulator over HTTP and a real broker. */
@ExtendWith(SandboxExtension.class)
class MimecastSiemIT {
  private static final Duration LANDED = Duration.ofSeconds(60);
  private static final String TOPIC = "raw.mimecast.siem";
  private static final String TYPES = "receipt,process,delivery";

  private final SimClock clock = SimClock.at(Instant.now());
  private final EmbeddedKafka kafka;
  private final String connectorId;
  // receipt, process, delivery: 5 files of 30 lines each = 450 lines
  private final MimecastEvents.Scenario scenario =
      MimecastEvents.scenario(17, clock.instant().minus(3, ChronoUnit.HOURS), 1, 5, 30);
  private final List<String> lines =
      Stream.of("receipt", "process", "delivery")
          .flatMap(t -> scenario.siemLines(t).stream())
          .toList();
  private final MimecastSimulator sim =
      MimecastSimulator.start(
          MimecastItSupport.CLIENT_ID,
          MimecastItSupport.CLIENT_SECRET,
          scenario,
          SimOptions.realistic().on(clock));

  MimecastSiemIT(EmbeddedKafka kafka, TestInfo test) {
    this.kafka = kafka;
    this.connectorId = "mc-siem-it-" + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  @Test
  void shouldLandEveryLineOfEveryBatchFileExactlyOnceAndSkipTheExpiredOne() throws Exception {
    sim.expireFile("process", 2);
    List<String> expected = new ArrayList<>(lines);
    expected.removeAll(scenario.siem().get("process").get(2));

    try (RunningConnector connector = start(Map.of())) {

      await("every line of every live file committed")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(420));

      List<ConsumerRecord<byte[], byte[]>> landed = landed();
      assertThat(values(landed)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(keys(landed)).doesNotHaveDuplicates();
      assertThat(header(landed.get(0), KafkaPagePublisher.HEADER_SOURCE))
          .isEqualTo("mimecast.siem");
      assertThat(sim.fileRequestsWithAuthorization()).isZero();
      await("the skipped file is counted")
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(metrics(connector.runtime.httpPort()))
                      .contains(
                          "sluice_connector_errors_total{kind=\"file_expired\","
                              + "source=\"mimecast.siem\"} 1.0")
                      .contains("sluice_connector_records_total{source=\"mimecast.siem\"} 420.0"));
      assertThat(connector.exit).isNotDone();
    }
  }

  @Test
  void shouldLoseAndRepeatNothingThroughRateLimitsServerErrorsFailInA200AndTokenExpiry() {
    sim.rateLimitResetMillis(150);
    sim.faults().rateLimitEvery(4).serverErrorBurst(5, 3).truncateNextPages(2);
    sim.failNext(1, FailShape.NESTED, true);

    try (RunningConnector connector = start(Map.of())) {
      await("some lines committed")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).isNotEmpty());
      sim.expireTokens();
      sim.failNext(2, FailShape.FLAT, null);

      await("all 450 lines committed despite faults")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(450));
      assertThat(values(landed())).containsExactlyInAnyOrderElementsOf(lines);
      await("the expired token was replaced")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(sim.tokensIssued()).isGreaterThanOrEqualTo(2));
      assertThat(connector.exit).isNotDone();
    }
  }

  @Test
  void shouldResumeAndPublishOnlyANewBatchFileAfterARestart() {
    Map<String, String> flags = settings(kafka, sim, connectorId, siemSettings());
    try (RunningConnector first =
        MimecastItSupport.start(new MimecastConnectorFactory.Siem(), flags, clock)) {
      await("first run caught up")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(450));
    }
    List<String> live = liveFile();
    sim.appendSiemFile("delivery", live);

    try (RunningConnector second =
        MimecastItSupport.start(new MimecastConnectorFactory.Siem(), flags, clock)) {
      await("the new file's lines, and only those, were added")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(460));
      List<String> expected = new ArrayList<>(lines);
      expected.addAll(live);
      assertThat(values(landed())).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(second.exit).isNotDone();
    }
  }

  @Test
  void shouldFenceTheFirstInstanceWhenASecondWithTheSameIdStarts() {
    Map<String, String> flags = settings(kafka, sim, connectorId, siemSettings());
    try (RunningConnector active =
        MimecastItSupport.start(new MimecastConnectorFactory.Siem(), flags, clock)) {
      await("active caught up")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(450));

      try (RunningConnector standby =
          MimecastItSupport.start(new MimecastConnectorFactory.Siem(), flags, clock)) {
        await("the new instance owns the id")
            .atMost(LANDED)
            .until(() -> standby.runtime.awaitStarted(Duration.ZERO));
        sim.appendSiemFile("receipt", liveFile());

        await("the old instance stops as fenced")
            .atMost(LANDED)
            .untilAsserted(() -> assertThat(active.exit).isCompletedWithValue(ExitCodes.FENCED));
        await("the new instance published the new file exactly once")
            .atMost(LANDED)
            .untilAsserted(() -> assertThat(keys(landed())).hasSize(460).doesNotHaveDuplicates());
        assertThat(standby.exit).isNotDone();
      }
    }
  }

  private List<String> liveFile() {
    List<String> live = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      live.add(
          MimecastSiemLines.siemLine(
              "delivery",
              clock.instant().truncatedTo(ChronoUnit.MILLIS).plusMillis(i),
              "live-" + connectorId + "-" + i,
              "news@partner.example",
              "ann@corp.example"));
    }
    return live;
  }

  private static Map<String, String> siemSettings() {
    // two files per listing page, so the checkpoint also crosses @nextPage
    return Map.of(
        MimecastConnectorFactory.SIEM_TYPES, TYPES, MimecastConnectorFactory.PAGE_SIZE, "2");
  }

  private RunningConnector start(Map<String, String> extra) {
    Map<String, String> settings = new java.util.HashMap<>(siemSettings());
    settings.putAll(extra);
    return MimecastItSupport.start(
        new MimecastConnectorFactory.Siem(), settings(kafka, sim, connectorId, settings), clock);
  }

  private List<ConsumerRecord<byte[], byte[]>> landed() {
    return records(kafka, TOPIC, connectorId, true);
  }
}
