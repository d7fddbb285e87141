package io.sluice.connectors.crowdstrike;

import static io.sluice.connectors.testing.ItConnectors.header;
import static io.sluice.connectors.testing.ItConnectors.keys;
import static io.sluice.connectors.testing.ItConnectors.records;
import static io.sluice.connectors.testing.ItConnectors.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.cli.ConnectorCli;
import io.sluice.connectors.core.ExitCodes;
import io.sluice.connectors.core.KafkaPagePublisher;
import io.sluice.connectors.testing.ItConnectors;
import io.sluice.connectors.testing.ItConnectors.RunningConnector;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.CrowdStrikeSimulator;
import io.sluice.sandbox.simulators.FalconAlerts;
import io.sluice.sandbox.simulators.SimClock;
import io.sluice.sandbox.simulators.SimOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** The CrowdStrike connector against the Falcon simulator over HTTP and a real broker. */
@ExtendWith(SandboxExtension.class)
class CrowdStrikeConnectorIT {
  static final String CLIENT_ID = "c0ffee00c0ffee00c0ffee00c0ffee00";
  static final String SECRET = "falcon-it-secret-0123456789abcdef";
  private static final Duration LANDED = Duration.ofSeconds(60);
  private static final Pattern ID = Pattern.compile("\"composite_id\":\"([^\"]+)\"");

  private final SimClock clock = SimClock.at(Instant.now());
  private final EmbeddedKafka kafka;
  private final String connectorId;
  private final List<String> alerts =
      FalconAlerts.scenario(
          42, 240, clock.instant().minus(12, ChronoUnit.HOURS), Duration.ofMinutes(2));
  private final CrowdStrikeSimulator falcon =
      CrowdStrikeSimulator.start(CLIENT_ID, SECRET, alerts, SimOptions.realistic().on(clock));

  CrowdStrikeConnectorIT(EmbeddedKafka kafka, TestInfo test) {
    this.kafka = kafka;
    this.connectorId = "crowdstrike-it-" + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void stopSimulator() {
    falcon.close();
  }

  @Test
  void shouldLandEveryRecordOfAMultiPageBackfillExactlyOnceByteForByte() {
    try (RunningConnector connector = start()) {

      await("all " + alerts.size() + " alerts committed")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(alerts.size()));
      await("several polls later nothing was added")
          .atMost(LANDED)
          .until(() -> falcon.requestCount() > 15);

      List<ConsumerRecord<byte[], byte[]>> landed = landed();
      assertThat(keys(landed))
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(ids(alerts));
      assertThat(values(landed)).containsExactlyInAnyOrderElementsOf(alerts);
      assertThat(header(landed.get(0), KafkaPagePublisher.HEADER_SOURCE))
          .isEqualTo("crowdstrike.alerts");
      assertThat(connector.exit).isNotDone();
    }
  }

  @Test
  void shouldLoseAndRepeatNothingWithThrottlingServerErrorsErrorsIn200AndAnExpiredToken() {
    falcon.faults().rateLimitEvery(3).serverErrorBurst(5, 2).truncateNextPages(1);
    falcon.errorsIn200(2, 500, "Internal Server Error");

    try (RunningConnector connector = start()) {
      await("some pages committed")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).isNotEmpty());
      falcon.expireTokens();

      await("all alerts committed despite faults")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(alerts.size()));
      assertThat(keys(landed()))
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(ids(alerts));
      assertThat(falcon.tokensIssued()).isGreaterThanOrEqualTo(2);
      assertThat(connector.exit).isNotDone();
    }
  }

  @Test
  void shouldResumeAfterARestartAndPublishOnlyNewAlerts() {
    try (RunningConnector first = start()) {
      await("first run caught up")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(alerts.size()));
    }
    List<String> live = FalconAlerts.benign(9, 15, clock.instant(), Duration.ofSeconds(1));
    falcon.append(live);

    try (RunningConnector second = start()) {
      await("only the new alerts were added")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(alerts.size() + live.size()));
      assertThat(keys(landed())).doesNotHaveDuplicates().containsAll(ids(live));
      assertThat(second.exit).isNotDone();
    }
  }

  @Test
  void shouldFenceTheFirstInstanceWhenASecondWithTheSameIdStarts() {
    try (RunningConnector active = start()) {
      await("active caught up")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(alerts.size()));

      try (RunningConnector standby = start()) {
        await("the new instance owns the id")
            .atMost(LANDED)
            .until(() -> standby.runtime.awaitStarted(Duration.ZERO));
        List<String> live = FalconAlerts.benign(7, 10, clock.instant(), Duration.ofSeconds(1));
        falcon.append(live);

        await("the old instance stops as fenced")
            .atMost(LANDED)
            .untilAsserted(() -> assertThat(active.exit).isCompletedWithValue(ExitCodes.FENCED));
        assertThat(active.stopMessage).contains("has taken over", connectorId);
        await("the new instance published the live alerts exactly once")
            .atMost(LANDED)
            .untilAsserted(
                () ->
                    assertThat(keys(landed())).hasSize(alerts.size() + 10).doesNotHaveDuplicates());
        assertThat(standby.exit).isNotDone();
      }
    }
  }

  @Test
  void shouldExitWith3AndNameTheSecretWhenFalconRefusesTheClient() {
    StringWriter err = new StringWriter();
    int exit =
        cli(
            Map.of(
                "CROWDSTRIKE_CLIENT_ID", CLIENT_ID, "CROWDSTRIKE_CLIENT_SECRET", "nope-nope-nope"),
            err);

    assertThat(exit).isEqualTo(ExitCodes.VENDOR_REJECTED);
    assertThat(err.toString())
        .contains("crowdstrike.alerts: the vendor rejected the credentials")
        .contains("Failed to issue access token")
        .contains("CROWDSTRIKE_CLIENT_SECRET")
        .doesNotContain("nope-nope-nope");
  }

  @Test
  void shouldExitWith3WhenAnHttp200SaysTheScopeIsMissing() {
    falcon.errorsIn200(100, 403, "Access denied: insufficient scope for this action");
    StringWriter err = new StringWriter();

    int exit = cli(env(), err);

    assertThat(exit).isEqualTo(ExitCodes.VENDOR_REJECTED);
    assertThat(err.toString())
        .contains("insufficient scope", "Alerts: Read")
        .doesNotContain(SECRET);
  }

  private int cli(Map<String, String> env, StringWriter err) {
    CommandLine cli = ConnectorCli.commandLine(env);
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(
        "connector",
        "crowdstrike",
        "--bootstrap-servers",
        kafka.bootstrapServers(),
        "--base-url",
        falcon.baseUrl().toString(),
        "--connector-id",
        connectorId + System.nanoTime(),
        "--http-port",
        "-1");
  }

  private RunningConnector start() {
    return ItConnectors.start(
        new CrowdStrikeConnectorFactory(),
        ItConnectors.settings(
            kafka,
            falcon.baseUrl().toString(),
            connectorId,
            Map.of(CrowdStrikeConnectorFactory.LIMIT, "50")),
        env(),
        clock);
  }

  static Map<String, String> env() {
    return Map.of("CROWDSTRIKE_CLIENT_ID", CLIENT_ID, "CROWDSTRIKE_CLIENT_SECRET", SECRET);
  }

  private List<ConsumerRecord<byte[], byte[]>> landed() {
    return records(kafka, CrowdStrikeAlertsFeed.TOPIC, connectorId, true);
  }

  static List<String> ids(List<String> alerts) {
    return alerts.stream()
        .map(
            a -> {
              Matcher m = ID.matcher(a);
              assertThat(m.find()).isTrue();
              return m.group(1);
            })
        .toList();
  }
}
