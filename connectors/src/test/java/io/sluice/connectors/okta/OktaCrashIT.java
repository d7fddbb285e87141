package io.sluice.connectors.okta;

import static io.sluice.connectors.okta.OktaItSupport.uuidsOf;
import static io.sluice.connectors.testing.ItConnectors.keys;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.testing.ItCrash;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.sandbox.simulators.OktaSimulator;
import io.sluice.sandbox.simulators.SimOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash docs/design.md §7 is about (see {@link ItCrash}) for the Okta System Log: a connector
 * JVM halted after its second page of 100 reached Kafka but before its commit; the restarted
 * connector lands every event's uuid exactly once.
 */
@ExtendWith(SandboxExtension.class)
class OktaCrashIT {
  private final EmbeddedKafka kafka;
  private final List<String> events =
      OktaEvents.scenario(5, 337, Instant.now().minus(3, ChronoUnit.HOURS)); // all in the past
  // The connector runs in a JVM of its own on wall time, where Okta's per-minute quota would hold
  // it for up to a minute; rate limits are covered on simulated time by OktaAdversarialIT.
  private final OktaSimulator okta =
      OktaSimulator.start(OktaItSupport.TOKEN, events, SimOptions.realistic().withoutQuotas());
  private final String connectorId = "okta-crash-it-" + System.nanoTime();

  OktaCrashIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @AfterEach
  void stop() {
    okta.close();
  }

  @Test
  void shouldYieldEveryRecordExactlyOnceAfterAHardCrashBetweenPublishAndCommit(@TempDir Path dir)
      throws Exception {
    ItCrash.crashAfterSecondPageThenRecover(
        kafka,
        OktaSystemLogFeed.TOPIC,
        connectorId,
        ItCrash.arguments(
            "okta",
            kafka,
            okta.baseUrl().toString(),
            connectorId,
            "200ms",
            List.of("okta.limit=100")),
        Map.of("OKTA_API_TOKEN", OktaItSupport.TOKEN),
        dir,
        100,
        350,
        landed ->
            assertThat(keys(landed))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(uuidsOf(events)));
  }
}
