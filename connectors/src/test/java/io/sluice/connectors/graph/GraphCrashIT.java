package io.sluice.connectors.graph;

import static io.sluice.connectors.testing.ItConnectors.keys;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.testing.ItCrash;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.EntraSignIns;
import io.sluice.sandbox.simulators.GraphSimulator;
import io.sluice.sandbox.simulators.SimOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
      EntraSignIns.scenario(5, 250, Instant.now().minus(3, ChronoUnit.HOURS)); // all in the past
  private final GraphSimulator graph =
      // The connector runs in a JVM of its own on wall time, where Graph's 5 requests per 10 s
      // would stretch the test; rate limits are covered on simulated time by GraphAdversarialIT.
      GraphSimulator.start(
          GraphConnectorIT.TENANT,
          GraphConnectorIT.CLIENT_ID,
          GraphConnectorIT.SECRET,
          signIns,
          SimOptions.realistic().withoutQuotas());
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
    ItCrash.crashAfterSecondPageThenRecover(
        kafka,
        GraphSignInsFeed.TOPIC,
        connectorId,
        ItCrash.arguments(
            "entra",
            kafka,
            graph.baseUrl().toString(),
            connectorId,
            "10m",
            List.of(
                "entra.login.url=" + graph.baseUrl(),
                "entra.tenant=" + GraphConnectorIT.TENANT,
                "entra.top=50")),
        GraphConnectorIT.env(),
        dir,
        50,
        signIns.size(),
        landed ->
            assertThat(keys(landed))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(GraphConnectorIT.ids(signIns)));
  }
}
