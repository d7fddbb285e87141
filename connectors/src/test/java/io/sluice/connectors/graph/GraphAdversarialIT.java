package io.sluice.connectors.graph;

import static io.sluice.connectors.testing.ItConnectors.records;

import io.sluice.connectors.testing.Adversity;
import io.sluice.connectors.testing.ItConnectors;
import io.sluice.connectors.testing.ItConnectors.RunningConnector;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.EntraSignIns;
import io.sluice.sandbox.simulators.GraphSimulator;
import io.sluice.sandbox.simulators.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Entra connector against Graph at its worst, on simulated time ({@link Adversity}). */
@ExtendWith(SandboxExtension.class)
class GraphAdversarialIT {
  private final SimClock clock = Adversity.clock();
  private final Instant start = clock.instant();
  private final List<String> backfill =
      EntraSignIns.scenario(11, 100, start.minus(Duration.ofHours(1)));
  private final List<String> traffic =
      EntraSignIns.benign(99, 300, start, Adversity.TRAFFIC.dividedBy(300));
  private final GraphSimulator graph =
      GraphSimulator.start(
          GraphConnectorIT.TENANT,
          GraphConnectorIT.CLIENT_ID,
          GraphConnectorIT.SECRET,
          all(),
          Adversity.options(clock));
  private final EmbeddedKafka kafka;
  private final String connectorId = "entra-adversity-" + System.nanoTime();

  GraphAdversarialIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  @Test
  void shouldLandEverySignInExactlyOnceThroughLateRecordsExpiringCursorsThrottlingAndTimeouts()
      throws Exception {
    Map<String, String> extra = new java.util.HashMap<>(Adversity.settings(Map.of()));
    extra.put(EntraConnectorFactory.LOGIN_URL, graph.baseUrl().toString());
    extra.put(EntraConnectorFactory.TENANT, GraphConnectorIT.TENANT);
    extra.put(EntraConnectorFactory.TOP, "50");
    try (RunningConnector connector =
        ItConnectors.start(
            new EntraConnectorFactory(),
            ItConnectors.settings(kafka, graph.baseUrl().toString(), connectorId, extra),
            GraphConnectorIT.env(),
            clock)) {

      Adversity.awaitEveryRecordExactlyOnce(
          clock,
          start.plus(Adversity.TRAFFIC),
          () -> records(kafka, GraphSignInsFeed.TOPIC, connectorId, true),
          all());

      Adversity.assertCursorsExpired(connector, GraphSignInsFeed.SOURCE);
      String straggler =
          EntraSignIns.benign(
                  98,
                  1,
                  start.plus(Adversity.TRAFFIC).minus(Adversity.STRAGGLER_AGE),
                  Duration.ZERO)
              .get(0);
      Adversity.assertAStragglerIsFoundThroughTheOverlap(
          connector,
          GraphSignInsFeed.SOURCE,
          () -> graph.append(List.of(straggler)),
          () -> records(kafka, GraphSignInsFeed.TOPIC, connectorId, true),
          all(),
          straggler);
      Adversity.assertTheVendorWasHonouredAndTheBrokerTimedOut(
          graph, connector, GraphSignInsFeed.SOURCE);
    }
  }

  private List<String> all() {
    List<String> all = new ArrayList<>(backfill);
    all.addAll(traffic);
    return all;
  }
}
