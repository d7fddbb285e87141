package io.sluice.connectors.crowdstrike;

import static io.sluice.connectors.testing.ItConnectors.keys;
import static io.sluice.connectors.testing.ItConnectors.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.testing.ItConnectors;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.CrowdStrikeSimulator;
import io.sluice.sandbox.simulators.FalconAlerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector JVM halted after Falcon's second page reached Kafka but before its commit; the
 * restart resumes from the committed after token and lands every alert exactly once.
 */
@ExtendWith(SandboxExtension.class)
class CrowdStrikeCrashIT {
  private final EmbeddedKafka kafka;
  private final List<String> alerts =
      FalconAlerts.scenario(
          5, 220, Instant.now().minus(8, ChronoUnit.HOURS), Duration.ofMinutes(2));
  private final CrowdStrikeSimulator falcon =
      CrowdStrikeSimulator.start(
          CrowdStrikeConnectorIT.CLIENT_ID, CrowdStrikeConnectorIT.SECRET, alerts);
  private final String connectorId = "crowdstrike-crash-it-" + System.nanoTime();

  CrowdStrikeCrashIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @AfterEach
  void stop() {
    falcon.close();
  }

  @Test
  void shouldYieldEveryRecordExactlyOnceAfterAHardCrashBetweenPublishAndCommit(@TempDir Path dir)
      throws Exception {
    Process crashing =
        ItConnectors.connectorProcess(
            arguments(), CrowdStrikeConnectorIT.env(), dir.resolve("first.log"), 2);
    assertThat(crashing.waitFor(120, TimeUnit.SECONDS)).as("the first run halts itself").isTrue();
    assertThat(crashing.exitValue())
        .as("halted by the test hook; log: %s", Files.readString(dir.resolve("first.log")))
        .isEqualTo(137);
    assertThat(records(kafka, CrowdStrikeAlertsFeed.TOPIC, connectorId, true))
        .as("only page 1 committed")
        .hasSize(50);
    assertThat(records(kafka, CrowdStrikeAlertsFeed.TOPIC, connectorId, false))
        .as("page 2 reached the broker uncommitted before the crash")
        .hasSize(100);

    Process restarted =
        ItConnectors.connectorProcess(
            arguments(), CrowdStrikeConnectorIT.env(), dir.resolve("second.log"), 0);
    try {
      await("the restarted connector commits the rest")
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () ->
                  assertThat(records(kafka, CrowdStrikeAlertsFeed.TOPIC, connectorId, true))
                      .hasSize(alerts.size()));
      assertThat(keys(records(kafka, CrowdStrikeAlertsFeed.TOPIC, connectorId, true)))
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(CrowdStrikeConnectorIT.ids(alerts));
      assertThat(restarted.isAlive()).isTrue();
    } finally {
      restarted.destroy();
      restarted.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(restarted.exitValue()).as("SIGTERM stops it cleanly").isIn(0, 143);
  }

  private List<String> arguments() {
    return List.of(
        "connector",
        "crowdstrike",
        "--bootstrap-servers",
        kafka.bootstrapServers(),
        "--base-url",
        falcon.baseUrl().toString(),
        "--connector-id",
        connectorId,
        "--since",
        "1d",
        "--poll-interval",
        "200ms",
        "--http-port",
        "-1",
        "--set",
        "crowdstrike.limit=50",
        "--set",
        "rate.limit=unlimited");
  }
}
