package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.ConfluentPython;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.schemas.Alert;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.testing.OktaEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vertical slice on real infrastructure: Apache Kafka's broker in-process, a real Apicurio
 * registry, the real {@code KafkaStreams} app with exactly-once. Raw Okta JSON in; the alert read
 * back with Sluice's deserializer and with Confluent's Python client; the DLQ read with Kafka's own
 * console consumer.
 */
@ExtendWith(SandboxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamsAppIT {
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");
  private static final String MALFORMED = "{\"published\": \"2024-05-02T12:00:00Z\", oops";

  private EmbeddedKafka kafka;
  private ApicurioRegistry registry;
  private StreamsApp app;

  @BeforeAll
  void startApp(EmbeddedKafka kafka, ApicurioRegistry registry, @TempDir Path stateDir)
      throws Exception {
    this.kafka = kafka;
    this.registry = registry;
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
                "sluice-it",
                SluiceConfig.STATE_DIR,
                stateDir.toString(),
                SluiceConfig.TOPIC_PARTITIONS,
                "2",
                "kafka.commit.interval.ms",
                "200"));
    app =
        StreamsApp.start(
            config, new RuleLoader().load(Optional.empty()), new SimpleMeterRegistry());
    assertThat(app.awaitRunning(Duration.ofSeconds(60))).as("streams app running").isTrue();

    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
      producer.send(
          new ProducerRecord<>("raw.okta.system-log", MALFORMED.getBytes(StandardCharsets.UTF_8)));
      for (int i = 0; i < 10; i++) {
        String event =
            OktaEvents.failedLogin("ann@corp.example", NOON.plus(Duration.ofSeconds(30L * i)))
                .toString();
        producer.send(
            new ProducerRecord<>(
                "raw.okta.system-log",
                "ann@corp.example".getBytes(StandardCharsets.UTF_8),
                event.getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  @AfterAll
  void stopApp() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void shouldRaiseTheAlertOnAlertsAuthenticationDecodedThroughTheRegistry() {
    Map<String, Object> props = new HashMap<>(kafka.consumerConfig("it-alerts"));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
    List<ConsumerRecord<String, Alert>> alerts = new ArrayList<>();
    try (KafkaConsumer<String, Alert> consumer =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            AvroSerdes.specific(Alert.class, serde, false).deserializer())) {
      consumer.subscribe(List.of("alerts.authentication"));
      await("the failed-login-burst alert")
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(alerts::add);
                assertThat(alerts).isNotEmpty();
              });
      consumer.poll(Duration.ofSeconds(1)).forEach(alerts::add);
    }
    assertThat(alerts).hasSize(1);
    Alert alert = alerts.get(0).value();
    assertThat(alerts.get(0).key()).isEqualTo("ann@corp.example");
    assertThat(alert.getRule().getId()).isEqualTo("auth.failed-login-burst");
    assertThat(alert.getEventCount()).isEqualTo(10);
    assertThat(alert.getWindowEnd()).isEqualTo(NOON.plus(Duration.ofSeconds(270)));
  }

  @Test
  void shouldBeReadableByConfluentsPythonClient() throws Exception {
    Path python = ConfluentPython.require();
    waitForAlert();
    Path script = Path.of("src/test/resources/interop/read_avro_topic.py").toAbsolutePath();
    Process process =
        new ProcessBuilder(
                python.toString(),
                script.toString(),
                kafka.bootstrapServers(),
                registry.url(),
                "alerts.authentication",
                "1")
            .redirectErrorStream(false)
            .start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("python consumer finished").isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("python exit; stderr: %s", err).isZero();
    JsonNode line = new ObjectMapper().readTree(out.lines().findFirst().orElseThrow());
    assertThat(line.at("/value/rule/id").asText()).isEqualTo("auth.failed-login-burst");
    assertThat(line.at("/value/entity/value").asText()).isEqualTo("ann@corp.example");
    assertThat(line.at("/value/alert_id").asText()).hasSize(32);
  }

  @Test
  void shouldLetKafkasConsoleConsumerPrintTheDlqRecordWithItsHeaders() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.kafka.tools.consumer.ConsoleConsumer",
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--topic",
                "sluice.dlq",
                "--from-beginning",
                "--max-messages",
                "1",
                "--timeout-ms",
                "60000",
                "--property",
                "print.headers=true")
            .start();
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("console consumer finished").isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(out)
        .contains("sluice.reason:not_json")
        .contains("sluice.source:okta.system-log")
        .contains("__streams.errors.topic:raw.okta.system-log")
        .contains(MALFORMED);
  }

  private void waitForAlert() {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            kafka.consumerConfig("it-wait"), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of("alerts.authentication"));
      await("an alert committed")
          .atMost(Duration.ofSeconds(60))
          .until(() -> !consumer.poll(Duration.ofMillis(200)).isEmpty());
    }
  }
}
