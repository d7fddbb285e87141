package io.sluice.connectors.okta;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.testing.Adversity;
import io.sluice.connectors.testing.ItConnectors.RunningConnector;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.sandbox.simulators.OktaSimulator;
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
 * The Okta connector against an Okta at its worst, on simulated time ({@link Adversity}): events
 * persisted 0–150 s after their {@code published}, so polling pages serve them out of {@code
 * published} order, a 10-per-minute quota, a vendor clock 90 s behind, and commits that time out.
 * Okta's {@code after} cursor does not expire (its documentation gives it no lifetime), so that
 * knob has nothing to act on here.
 */
@ExtendWith(SandboxExtension.class)
class OktaAdversarialIT {
  private final SimClock clock = Adversity.clock();
  private final Instant start = clock.instant();
  private final List<String> backfill =
      OktaEvents.scenario(21, 100, start.minus(Duration.ofHours(1)));
  private final List<String> traffic =
      OktaEvents.benignLogins(22, 300, start, Adversity.TRAFFIC.dividedBy(300));
  private final OktaSimulator okta =
      OktaSimulator.start(OktaItSupport.TOKEN, all(), Adversity.options(clock)).quota(10);
  private final EmbeddedKafka kafka;
  private final String connectorId = "okta-adversity-" + System.nanoTime();

  OktaAdversarialIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @AfterEach
  void stop() {
    okta.close();
  }

  @Test
  void shouldLandEveryEventExactlyOnceThroughLatePersistenceThrottlingAndCommitTimeouts()
      throws Exception {
    try (RunningConnector connector =
        OktaItSupport.start(
            OktaItSupport.settings(
                kafka,
                okta,
                connectorId,
                Adversity.settings(Map.of(OktaConnectorFactory.LIMIT, "10"))),
            clock)) {

      Adversity.awaitEveryRecordExactlyOnce(
          clock,
          start.plus(Adversity.TRAFFIC),
          () -> OktaItSupport.records(kafka, connectorId, true),
          all());

      assertThat(OktaItSupport.uuidsOf(all())).doesNotHaveDuplicates();
      Adversity.assertTheVendorWasHonouredAndTheBrokerTimedOut(
          okta, connector, OktaSystemLogFeed.SOURCE);
    }
  }

  private List<String> all() {
    List<String> all = new ArrayList<>(backfill);
    all.addAll(traffic);
    return all;
  }
}
