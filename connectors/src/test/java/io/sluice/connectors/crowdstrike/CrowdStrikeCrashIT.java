package io.sluice.connectors.crowdstrike;

import static io.sluice.connectors.testing.ItConnectors.keys;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.testing.ItCrash;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.CrowdStrikeSimulator;
import io.sluice.sandbox.simulators.FalconAlerts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
    ItCrash.crashAfterSecondPageThenRecover(
        kafka,
        CrowdStrikeAlertsFeed.TOPIC,
        connectorId,
        ItCrash.arguments(
            "crowdstrike",
            kafka,
            falcon.baseUrl().toString(),
            connectorId,
            "200ms",
            List.of("crowdstrike.limit=50")),
        CrowdStrikeConnectorIT.env(),
        dir,
        50,
        alerts.size(),
        landed ->
            assertThat(keys(landed))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(CrowdStrikeConnectorIT.ids(alerts)));
  }
}
