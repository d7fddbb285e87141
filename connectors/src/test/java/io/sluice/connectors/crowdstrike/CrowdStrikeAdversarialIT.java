package io.sluice.connectors.crowdstrike;

import static io.sluice.connectors.testing.ItConnectors.records;

import io.sluice.connectors.testing.Adversity;
import io.sluice.connectors.testing.ItConnectors;
import io.sluice.connectors.testing.ItConnectors.RunningConnector;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.CrowdStrikeSimulator;
import io.sluice.sandbox.simulators.FalconAlerts;
import io.sluice.sandbox.simulators.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The CrowdStrike connector against Falcon at its worst, on simulated time ({@link Adversity}):
 * alert versions visible late, {@code after} tokens that expire, a 20-per-minute quota (429 with an
 * epoch reset by a clock 90 s behind ours), and commits that time out.
 */
@ExtendWith(SandboxExtension.class)
class CrowdStrikeAdversarialIT {
  private final SimClock clock = Adversity.clock();
  private final Instant start = clock.instant();
  private final List<String> backfill =
      FalconAlerts.scenario(31, 100, start.minus(Duration.ofHours(1)), Duration.ofSeconds(30));
  private final List<String> traffic =
      FalconAlerts.benign(32, 300, start, Adversity.TRAFFIC.dividedBy(300));
  private final CrowdStrikeSimulator falcon =
      CrowdStrikeSimulator.start(
              CrowdStrikeConnectorIT.CLIENT_ID,
              CrowdStrikeConnectorIT.SECRET,
              all(),
              Adversity.options(clock))
          .quota(20);
  private final EmbeddedKafka kafka;
  private final String connectorId = "crowdstrike-adversity-" + System.nanoTime();

  CrowdStrikeAdversarialIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @AfterEach
  void stop() {
    falcon.close();
  }

  @Test
  void shouldLandEveryAlertExactlyOnceThroughLateVersionsExpiringTokensThrottlingAndTimeouts()
      throws Exception {
    try (RunningConnector connector =
        ItConnectors.start(
            new CrowdStrikeConnectorFactory(),
            ItConnectors.settings(
                kafka,
                falcon.baseUrl().toString(),
                connectorId,
                Adversity.settings(Map.of(CrowdStrikeConnectorFactory.LIMIT, "10"))),
            CrowdStrikeConnectorIT.env(),
            clock)) {

      Adversity.awaitEveryRecordExactlyOnce(
          clock,
          start.plus(Adversity.TRAFFIC),
          () -> records(kafka, CrowdStrikeAlertsFeed.TOPIC, connectorId, true),
          all());

      Adversity.assertCursorsExpired(connector, CrowdStrikeAlertsFeed.SOURCE);
      String straggler =
          FalconAlerts.benign(
                  33,
                  1,
                  start.plus(Adversity.TRAFFIC).minus(Adversity.STRAGGLER_AGE),
                  Duration.ZERO)
              .get(0);
      Adversity.assertAStragglerIsFoundThroughTheOverlap(
          connector,
          CrowdStrikeAlertsFeed.SOURCE,
          () -> falcon.append(List.of(straggler)),
          () -> records(kafka, CrowdStrikeAlertsFeed.TOPIC, connectorId, true),
          all(),
          straggler);
      Adversity.assertTheVendorWasHonouredAndTheBrokerTimedOut(
          falcon, connector, CrowdStrikeAlertsFeed.SOURCE);
    }
  }

  private List<String> all() {
    List<String> all = new ArrayList<>(backfill);
    all.addAll(traffic);
    return all;
  }
}
