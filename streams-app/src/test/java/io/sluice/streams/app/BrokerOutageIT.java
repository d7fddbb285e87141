package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.testing.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker goes away mid-run and comes back on the same address: readiness turns false naming the
 * broker, then true again, and every record sent before and after the outage ends up processed
 * exactly once (the existing recovery of Kafka's clients; nothing here may undo it).
 */
@ExtendWith(SandboxExtension.class)
class BrokerOutageIT {
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");

  @Test
  void shouldGoUnreadyDuringABrokerOutageAndLoseNothing(ApicurioRegistry registry)
      throws Exception {
    Path state = Files.createTempDirectory("sluice-broker-outage-");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      SluiceConfig config =
          SluiceConfig.load(
              Optional.empty(),
              Map.of(),
              Map.of(
                  SluiceConfig.BOOTSTRAP_SERVERS,
                  kafka.bootstrapServers(),
                  SluiceConfig.SCHEMA_REGISTRY_URL,
                  registry.url(),
                  SluiceConfig.APPLICATION_ID,
                  "sluice-broker-outage-it",
                  SluiceConfig.STATE_DIR,
                  state.toString(),
                  "health.check.interval",
                  "500ms",
                  "kafka.commit.interval.ms",
                  "200"));
      try (StreamsApp app =
          StreamsApp.start(
              config, new RuleLoader().load(Optional.empty()), new SimpleMeterRegistry())) {
        produce(kafka, "erin@corp.example", 0, 5);
        await()
            .alias("ready, with the first records processed")
            .dontCatchUncaughtExceptions()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    app.readiness().ready()
                        && Topics.readAll(
                                    kafka.bootstrapServers(), Map.of(), "canonical.authentication")
                                .size()
                            == 5);

        kafka.stopBroker();
        await()
            .alias("not ready while the broker is down")
            .dontCatchUncaughtExceptions()
            .atMost(Duration.ofSeconds(30))
            .until(() -> !app.readiness().ready());
        assertThat(app.readiness().body().toString())
            .contains("kafka={status=DOWN")
            .contains(kafka.bootstrapServers());

        kafka.restartBroker();
        produce(kafka, "erin@corp.example", 5, 10);

        await()
            .alias("ready again, every record processed once, the alert raised")
            .dontCatchUncaughtExceptions()
            .atMost(Duration.ofSeconds(120))
            .until(
                () ->
                    app.readiness().ready()
                        && Topics.readAll(
                                    kafka.bootstrapServers(), Map.of(), "alerts.authentication")
                                .size()
                            == 1);
        assertThat(Topics.readAll(kafka.bootstrapServers(), Map.of(), "canonical.authentication"))
            .hasSize(10);
        assertThat(Topics.readAll(kafka.bootstrapServers(), Map.of(), "sluice.dlq")).isEmpty();
      }
    } finally {
      org.apache.kafka.common.utils.Utils.delete(state.toFile());
    }
  }

  private static void produce(EmbeddedKafka kafka, String user, int from, int to) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
      for (int i = from; i < to; i++) {
        producer.send(
            new ProducerRecord<>(
                "raw.okta.system-log",
                user.getBytes(StandardCharsets.UTF_8),
                OktaEvents.failedLogin(user, NOON.plusSeconds(30L * i))
                    .toString()
                    .getBytes(StandardCharsets.UTF_8)));
      }
    }
  }
}
