package io.sluice.connectors.mimecast;

import static io.sluice.connectors.mimecast.MimecastItSupport.settings;
import static io.sluice.connectors.testing.ItConnectors.keys;
import static io.sluice.connectors.testing.ItConnectors.records;
import static io.sluice.connectors.testing.ItConnectors.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.testing.ItConnectors.RunningConnector;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.MimecastEvents;
import io.sluice.sandbox.simulators.MimecastSimulator;
import io.sluice.sandbox.simulators.SimClock;
import io.sluice.sandbox.simulators.SimOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The other POST feeds share the TTP URL feed's code path (tested in full by {@link
 * MimecastTtpUrlIT}); here each backfills once into its own topic, byte for byte.
 */
@ExtendWith(SandboxExtension.class)
class MimecastLogFeedsIT {
  private final SimClock clock = SimClock.at(Instant.now());
  private final EmbeddedKafka kafka;
  private final MimecastEvents.Scenario scenario =
      MimecastEvents.scenario(23, clock.instant().minus(6, ChronoUnit.HOURS), 230, 0, 0);
  private final MimecastSimulator sim =
      MimecastSimulator.start(
          MimecastItSupport.CLIENT_ID,
          MimecastItSupport.CLIENT_SECRET,
          scenario,
          SimOptions.realistic().on(clock));

  MimecastLogFeedsIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  static Stream<Arguments> feeds() {
    return Stream.of(
        Arguments.of(new MimecastConnectorFactory.TtpAttachment(), MimecastEvents.TTP_ATTACHMENT),
        Arguments.of(
            new MimecastConnectorFactory.TtpImpersonation(), MimecastEvents.TTP_IMPERSONATION),
        Arguments.of(new MimecastConnectorFactory.Dlp(), MimecastEvents.DLP),
        Arguments.of(new MimecastConnectorFactory.Audit(), MimecastEvents.AUDIT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("feeds")
  void shouldBackfillEveryRecordExactlyOnceIntoItsOwnTopic(ConnectorFactory factory, String path) {
    List<String> expected = scenario.logs(path);
    String connectorId = "mc-feeds-it-" + factory.name();
    String topic = "raw." + factory.source();

    try (RunningConnector connector =
        MimecastItSupport.start(
            factory,
            settings(kafka, sim, connectorId, Map.of(MimecastConnectorFactory.PAGE_SIZE, "50")),
            clock)) {
      await(factory.name() + " backfilled")
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> assertThat(records(kafka, topic, connectorId, true)).hasSize(expected.size()));

      var landed = records(kafka, topic, connectorId, true);
      assertThat(values(landed)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(keys(landed)).doesNotHaveDuplicates();
      assertThat(connector.exit).isNotDone();
    }
  }
}
