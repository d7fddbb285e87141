package io.sluice.connectors.mimecast;

import static io.sluice.connectors.testing.ItConnectors.records;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.testing.Adversity;
import io.sluice.connectors.testing.ItConnectors.RunningConnector;
import io.sluice.connectors.testing.ItMetrics;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.MimecastEvents;
import io.sluice.sandbox.simulators.MimecastImpersonationLogs;
import io.sluice.sandbox.simulators.MimecastSimulator;
import io.sluice.sandbox.simulators.MimecastUrlClicks;
import io.sluice.sandbox.simulators.SimClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code mimecast --feeds ttp-url,ttp-impersonation,siem} — three feeds of one registered
 * application in one process, sharing its quota — against Mimecast at its worst, on simulated time
 * ({@link Adversity}): log records visible late, page tokens that expire, a quota of 10 requests
 * with one added back every 6 s ({@code X-RateLimit-*} on every response, 429 beyond), transient
 * 403s and expiring URLs on SIEM batch files, a vendor clock 90 s behind, and commits that time
 * out.
 *
 * <p>The two log feeds page newest first ({@code oldestFirst:false}), so an expired token resumes
 * where the window had got to. Audit, DLP and attachment logs have no documented order: an expired
 * token restarts their whole window, which a quota this tight (one request per 6 s, tokens dead
 * after 5 s) never lets finish — the connector then stops saying so, as {@code WindowedFeedTest}
 * shows; they are not run here.
 */
@ExtendWith(SandboxExtension.class)
class MimecastAdversarialIT {
  private final SimClock clock = Adversity.clock();
  private final Instant start = clock.instant();
  private final MimecastEvents.Scenario backfill =
      MimecastEvents.scenario(41, start.minus(Duration.ofHours(1)), 60, 4, 5);
  private final List<String> clicks = new ArrayList<>();
  private final List<String> impersonations = new ArrayList<>();
  private final MimecastSimulator sim;
  private final EmbeddedKafka kafka;
  private final String connectorId = "mimecast-adversity-" + System.nanoTime();

  MimecastAdversarialIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
    for (int i = 0; i < 300; i++) {
      Instant at = start.plusSeconds(i);
      clicks.add(
          MimecastUrlClicks.click(
              "user" + (i % 9) + "@corp.example",
              "news@partner.example",
              "https://traffic.example/" + i,
              "clean",
              "allow",
              at,
              "<t" + i + "@mx.example>"));
      if (i % 2 == 0) {
        impersonations.add(
            MimecastImpersonationLogs.impersonation(
                "MTOKEN:traffic-" + i,
                "ceo@lookalike-" + i + ".example",
                "user" + (i % 9) + "@corp.example",
                i % 10 == 0,
                at));
      }
    }
    sim =
        MimecastSimulator.start(
                MimecastItSupport.CLIENT_ID,
                MimecastItSupport.CLIENT_SECRET,
                backfill
                    .plus(MimecastEvents.TTP_URL, clicks)
                    .plus(MimecastEvents.TTP_IMPERSONATION, impersonations),
                Adversity.options(clock))
            .quota(10, Duration.ofSeconds(6));
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void shouldLandEveryRecordOfEveryFeedExactlyOnceAndNeverSendInsideTheSharedBlock()
      throws Exception {
    Map<String, String> settings =
        Adversity.settings(
            Map.of(
                MimecastConnectorFactory.FEEDS,
                "ttp-url,ttp-impersonation,siem",
                MimecastConnectorFactory.PAGE_SIZE,
                "10",
                MimecastConnectorFactory.SIEM_TYPES,
                "receipt,process,delivery"));
    try (RunningConnector connector =
        MimecastItSupport.start(
            new MimecastConnectorFactory.All(),
            MimecastItSupport.settings(kafka, sim, connectorId, settings),
            clock)) {

      Adversity.awaitEveryRecordExactlyOnce(
          clock,
          start.plus(Adversity.TRAFFIC),
          () -> records(kafka, "raw.mimecast.ttp-url", connectorId + "-ttp-url", true),
          join(backfill.logs(MimecastEvents.TTP_URL), clicks));
      Adversity.awaitEveryRecordExactlyOnce(
          clock,
          start.plus(Adversity.TRAFFIC),
          () ->
              records(
                  kafka,
                  "raw.mimecast.ttp-impersonation",
                  connectorId + "-ttp-impersonation",
                  true),
          join(backfill.logs(MimecastEvents.TTP_IMPERSONATION), impersonations));
      Adversity.awaitEveryRecordExactlyOnce(
          clock,
          start.plus(Adversity.TRAFFIC),
          () -> records(kafka, "raw.mimecast.siem", connectorId + "-siem", true),
          Stream.of("receipt", "process", "delivery")
              .flatMap(t -> backfill.siemLines(t).stream())
              .toList());

      int port = connector.runtime.httpPort();
      Adversity.assertCursorsExpired(connector, "mimecast.ttp-url", "mimecast.ttp-impersonation");
      String straggler =
          MimecastUrlClicks.click(
              "user0@corp.example",
              "news@partner.example",
              "https://traffic.example/straggler",
              "clean",
              "allow",
              start.plus(Adversity.TRAFFIC).minus(Adversity.STRAGGLER_AGE),
              "<straggler@mx.example>");
      Adversity.assertAStragglerIsFoundThroughTheOverlap(
          connector,
          "mimecast.ttp-url",
          () -> sim.append(MimecastEvents.TTP_URL, List.of(straggler)),
          () -> records(kafka, "raw.mimecast.ttp-url", connectorId + "-ttp-url", true),
          join(backfill.logs(MimecastEvents.TTP_URL), clicks),
          straggler);
      assertThat(sim.siem().transient403s()).as("storage refused files by mistake").isPositive();
      assertThat(ItMetrics.value(port, "sluice_connector_siem_relists_total", "mimecast.siem"))
          .as("and each was listed again for a fresh URL")
          .isPositive();
      Adversity.assertTheVendorWasHonouredAndTheBrokerTimedOut(
          sim, connector, "mimecast.ttp-url", "mimecast.ttp-impersonation", "mimecast.siem");
    }
  }

  private static List<String> join(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
