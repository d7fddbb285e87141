package io.sluice.connectors.okta;

import static io.sluice.connectors.okta.OktaItSupport.records;
import static io.sluice.connectors.okta.OktaItSupport.settings;
import static io.sluice.connectors.okta.OktaItSupport.uuidsOf;
import static io.sluice.connectors.testing.ItConnectors.header;
import static io.sluice.connectors.testing.ItConnectors.keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.core.ExitCodes;
import io.sluice.connectors.core.KafkaPagePublisher;
import io.sluice.connectors.testing.ItConnectors.RunningConnector;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.sandbox.simulators.OktaSimulator;
import io.sluice.sandbox.simulators.SimClock;
import io.sluice.sandbox.simulators.SimOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Okta connector against the simulator over HTTP and a real broker. */
@ExtendWith(SandboxExtension.class)
class OktaConnectorIT {
  private static final Duration LANDED = Duration.ofSeconds(60);

  private final SimClock clock = SimClock.at(Instant.now());
  private final EmbeddedKafka kafka;
  private final String connectorId;
  private final List<String> events =
      OktaEvents.scenario(42, 437, clock.instant().minus(4, ChronoUnit.HOURS));
  private final OktaSimulator okta =
      OktaSimulator.start(OktaItSupport.TOKEN, events, SimOptions.realistic().on(clock));

  OktaConnectorIT(EmbeddedKafka kafka, TestInfo test) {
    this.kafka = kafka;
    this.connectorId = "okta-it-" + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void stopSimulator() {
    okta.close();
  }

  @Test
  void shouldLandEveryRecordOfAMultiPageBackfillExactlyOnceByteForByte() throws Exception {
    try (RunningConnector connector =
        OktaItSupport.start(settings(kafka, okta, connectorId, Map.of()), clock)) {

      await("all 450 events committed")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(records(kafka, connectorId, true)).hasSize(450));

      List<ConsumerRecord<byte[], byte[]>> landed = records(kafka, connectorId, true);
      assertThat(keys(landed))
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(uuidsOf(events));
      assertThat(landed)
          .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
          .containsExactlyInAnyOrderElementsOf(events);
      ConsumerRecord<byte[], byte[]> first = landed.get(0);
      assertThat(header(first, KafkaPagePublisher.HEADER_SOURCE)).isEqualTo("okta.system-log");
      assertThat(header(first, KafkaPagePublisher.HEADER_CONNECTOR)).isEqualTo(connectorId);
      assertThat(Instant.parse(header(first, KafkaPagePublisher.HEADER_FETCHED_AT)))
          .isBefore(clock.instant().plusSeconds(1));

      int port = connector.runtime.httpPort();
      await("metrics count the records and the connector is ready")
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(get(port, "/metrics").body())
                    .contains("sluice_connector_records_total{source=\"okta.system-log\"} 450.0")
                    .contains("sluice_connector_lag_seconds{source=\"okta.system-log\"} 0.0");
                assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
              });
      assertThat(connector.exit).isNotDone();
    }
  }

  @Test
  void shouldLoseAndRepeatNothingWhenTheVendorRateLimitsFailsAndTruncates() {
    okta.faults().rateLimitEvery(3).serverErrorBurst(4, 3).truncateNextPages(1);

    try (RunningConnector connector =
        OktaItSupport.start(settings(kafka, okta, connectorId, Map.of()), clock)) {

      await("all 450 events committed despite faults")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(records(kafka, connectorId, true)).hasSize(450));

      assertThat(keys(records(kafka, connectorId, true)))
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(uuidsOf(events));
      assertThat(connector.exit).isNotDone();
    }
  }

  @Test
  void shouldResumeFromItsCheckpointAfterARestartAndPickUpOnlyNewEvents() throws Exception {
    Map<String, String> flags = settings(kafka, okta, connectorId, Map.of());
    try (RunningConnector first = OktaItSupport.start(flags, clock)) {
      await("first run caught up")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(records(kafka, connectorId, true)).hasSize(450));
    }
    List<String> live = OktaEvents.benignLogins(99, 30, clock.instant(), Duration.ofSeconds(1));
    okta.append(live);

    try (RunningConnector second = OktaItSupport.start(flags, clock)) {
      await("the new events, and only those, were added")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(records(kafka, connectorId, true)).hasSize(480));
      Set<String> expected =
          java.util.stream.Stream.concat(uuidsOf(events).stream(), uuidsOf(live).stream())
              .collect(Collectors.toSet());
      assertThat(keys(records(kafka, connectorId, true)))
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(second.exit).isNotDone();
    }
  }

  @Test
  void shouldFenceTheFirstInstanceWhenASecondWithTheSameIdStarts() {
    Map<String, String> flags = settings(kafka, okta, connectorId, Map.of());
    try (RunningConnector active = OktaItSupport.start(flags, clock)) {
      await("active caught up")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(records(kafka, connectorId, true)).hasSize(450));

      try (RunningConnector standby = OktaItSupport.start(flags, clock)) {
        await("the new instance owns the id")
            .atMost(LANDED)
            .until(() -> standby.runtime.awaitStarted(Duration.ZERO));
        List<String> live = OktaEvents.benignLogins(7, 20, clock.instant(), Duration.ofSeconds(1));
        okta.append(live);

        await("the old instance stops as fenced")
            .atMost(LANDED)
            .untilAsserted(() -> assertThat(active.exit).isCompletedWithValue(ExitCodes.FENCED));
        assertThat(active.stopMessage).contains("has taken over", connectorId);
        await("the new instance published the live events exactly once")
            .atMost(LANDED)
            .untilAsserted(
                () ->
                    assertThat(keys(records(kafka, connectorId, true)))
                        .hasSize(470)
                        .doesNotHaveDuplicates());
        assertThat(standby.exit).isNotDone();
      }
    }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
