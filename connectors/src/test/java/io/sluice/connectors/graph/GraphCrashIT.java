package io.sluice.connectors.graph;

import static io.sluice.connectors.testing.ItConnectors.keys;
import static io.sluice.connectors.testing.ItConnectors.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.testing.ItConnectors;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.EntraSignIns;
import io.sluice.sandbox.simulators.GraphSimulator;
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
 * A connector JVM halted after Graph's second page reached Kafka but before its commit; the restart
 * resumes the same paged query at its committed next link and lands every sign-in exactly once. The
 * poll interval is long so that the restarted connector does not start its next query (whose
 * overlap window it would re-publish once, by design) within the test.
 */
@ExtendWith(SandboxExtension.class)
class GraphCrashIT {
  private final EmbeddedKafka kafka;
  private final List<String> signIns =
      EntraSignIns.scenario(5, 250, Instant.now().minus(2, ChronoUnit.HOURS));
  private final GraphSimulator graph =
      GraphSimulator.start(
          GraphConnectorIT.TENANT, GraphConnectorIT.CLIENT_ID, GraphConnectorIT.SECRET, signIns);
  private final String connectorId = "entra-crash-it-" + System.nanoTime();

  GraphCrashIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  @Test
  void shouldYieldEveryRecordExactlyOnceAfterAHardCrashBetweenPublishAndCommit(@TempDir Path dir)
      throws Exception {
    Process crashing =
        ItConnectors.connectorProcess(
            arguments(), GraphConnectorIT.env(), dir.resolve("first.log"), 2);
    assertThat(crashing.waitFor(120, TimeUnit.SECONDS)).as("the first run halts itself").isTrue();
    assertThat(crashing.exitValue())
        .as("halted by the test hook; log: %s", Files.readString(dir.resolve("first.log")))
        .isEqualTo(137);
    assertThat(records(kafka, GraphSignInsFeed.TOPIC, connectorId, true))
        .as("only page 1 committed")
        .hasSize(50);
    assertThat(records(kafka, GraphSignInsFeed.TOPIC, connectorId, false))
        .as("page 2 reached the broker uncommitted before the crash")
        .hasSize(100);

    Process restarted =
        ItConnectors.connectorProcess(
            arguments(), GraphConnectorIT.env(), dir.resolve("second.log"), 0);
    try {
      await("the restarted connector commits the rest")
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () ->
                  assertThat(records(kafka, GraphSignInsFeed.TOPIC, connectorId, true))
                      .hasSize(signIns.size()));
      assertThat(keys(records(kafka, GraphSignInsFeed.TOPIC, connectorId, true)))
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(GraphConnectorIT.ids(signIns));
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
        "entra",
        "--bootstrap-servers",
        kafka.bootstrapServers(),
        "--base-url",
        graph.baseUrl().toString(),
        "--connector-id",
        connectorId,
        "--since",
        "1d",
        "--poll-interval",
        "10m",
        "--http-port",
        "-1",
        "--set",
        "entra.login.url=" + graph.baseUrl(),
        "--set",
        "entra.tenant=" + GraphConnectorIT.TENANT,
        "--set",
        "entra.top=50",
        "--set",
        "rate.limit=unlimited");
  }
}
