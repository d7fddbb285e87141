package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.schemas.Alert;
import io.sluice.schemas.Severity;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.cli.StreamsCli;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.topology.Topics;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading {@code reference.vip-users} the two documented ways: the CLI and Kafka's own producer.
 */
@ExtendWith(SandboxExtension.class)
class VipReferenceIT {

  @Test
  void shouldAddListAndRemoveVipsWithTheCli(EmbeddedKafka kafka) {
    kafka.createCompactedTopic(Topics.VIP_USERS, 1);
    String bootstrap = kafka.bootstrapServers();

    assertThat(
            StreamsCli.commandLine()
                .execute(
                    "vip",
                    "add",
                    "CEO@Corp.Example",
                    "--title",
                    "CEO",
                    "--bootstrap-servers",
                    bootstrap))
        .isZero();
    assertThat(
            StreamsCli.commandLine()
                .execute("vip", "add", "cfo@corp.example", "--bootstrap-servers", bootstrap))
        .isZero();
    assertThat(
            StreamsCli.commandLine()
                .execute("vip", "remove", "cfo@corp.example", "--bootstrap-servers", bootstrap))
        .isZero();

    String listed =
        captured(
            () ->
                StreamsCli.commandLine().execute("vip", "list", "--bootstrap-servers", bootstrap));
    // the broker (and so the topic) is shared by the module's ITs: assert on our keys only
    assertThat(listed.lines())
        .contains("ceo@corp.example\t{\"title\":\"CEO\",\"criticality\":\"high\"}")
        .noneMatch(line -> line.startsWith("cfo@"));
  }

  @Test
  void shouldAcceptVipsAndTombstonesFromKafkasConsoleProducer(EmbeddedKafka kafka)
      throws Exception {
    kafka.createCompactedTopic(Topics.VIP_USERS, 1);
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process producer =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ConsoleProducer",
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--topic",
                Topics.VIP_USERS,
                "--property",
                "parse.key=true",
                "--property",
                "key.separator=|",
                "--property",
                "null.marker=NULL")
            .redirectErrorStream(true)
            .start();
    try (OutputStream in = producer.getOutputStream()) {
      in.write(
          ("coo@corp.example|{\"title\":\"COO\",\"criticality\":\"high\"}\n"
                  + "intern@corp.example|{\"title\":\"Intern\"}\n"
                  + "intern@corp.example|NULL\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    assertThat(producer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String producerOutput =
        new String(producer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(producer.exitValue()).as(producerOutput).isZero();

    String listed =
        captured(
            () ->
                StreamsCli.commandLine()
                    .execute("vip", "list", "--bootstrap-servers", kafka.bootstrapServers()));
    assertThat(listed)
        .contains("coo@corp.example\t{\"title\":\"COO\",\"criticality\":\"high\"}")
        .doesNotContain("intern@");
  }

  @Test
  void shouldMatchAVipKeyTypedInAnyCaseWhenLoadedAndAgainAfterARestart(@TempDir Path state)
      throws Exception {
    // its own broker: its in-memory registry's schema ids must not meet other ITs' records
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createCompactedTopic(Topics.VIP_USERS, 1);
      String vip = "vip-restart@corp.example";
      try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producerConfig())) {
        producer.send(
            new ProducerRecord<>(
                Topics.VIP_USERS,
                "VIP-Restart@Corp.Example".getBytes(StandardCharsets.UTF_8),
                "{\"title\":\"CFO\"}".getBytes(StandardCharsets.UTF_8)));
      }
      Instant noon = Instant.parse("2024-05-02T12:00:00Z");
      for (int round = 0; round < 2; round++) {
        SluiceConfig config =
            SluiceConfig.load(
                Optional.empty(),
                Map.of(),
                Map.of(
                    "bootstrap.servers",
                    kafka.bootstrapServers(),
                    "application.id",
                    "sluice-vip-it",
                    "state.dir",
                    state.toString(),
                    "topic.partitions",
                    "2",
                    "schema.registry.url",
                    "mem://sluice"));
        Instant start = noon.plus(Duration.ofHours(round));
        try (StreamsApp app =
            StreamsApp.start(
                config, new RuleLoader().load(Optional.empty()), new SimpleMeterRegistry())) {
          assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
          try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producerConfig())) {
            for (int i = 0; i < 10; i++) {
              UUID id = new UUID(round, i);
              producer.send(
                  new ProducerRecord<>(
                      "raw.okta.system-log",
                      id.toString().getBytes(StandardCharsets.UTF_8),
                      OktaEvents.login(
                              id, start.plusSeconds(20L * i), vip, "198.51.100.8", false, "Oslo")
                          .getBytes(StandardCharsets.UTF_8)));
            }
          }
          int expected = round + 1;
          Awaitility.await("the burst of round " + round + ", escalated")
              .atMost(Duration.ofMinutes(2))
              .untilAsserted(
                  () ->
                      assertThat(burstSeverities(kafka, vip))
                          .hasSize(expected)
                          .containsOnly(Severity.HIGH));
        }
      }
    }
  }

  /** Severities of the failed-login bursts raised for a user (read_committed, from the start). */
  private static List<Severity> burstSeverities(EmbeddedKafka kafka, String user) {
    Map<String, Object> props = new HashMap<>(kafka.consumerConfig("vip-it-" + System.nanoTime()));
    props.put("isolation.level", "read_committed");
    List<Severity> seen = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<String, Alert>(
            props,
            new StringDeserializer(),
            AvroSerdes.specific(Alert.class, Map.of("schema.registry.url", "mem://sluice"), false)
                .deserializer())) {
      consumer.subscribe(List.of("alerts.authentication"));
      for (int empty = 0; empty < 3; ) {
        var records = consumer.poll(Duration.ofMillis(500));
        empty = records.isEmpty() ? empty + 1 : 0;
        records.forEach(
            r -> {
              if (r.value().getEntity().getValue().equals(user)
                  && r.value().getRule().getId().equals("auth.failed-login-burst")) {
                seen.add(r.value().getSeverity());
              }
            });
      }
    }
    return seen;
  }

  private static String captured(IntSupplier command) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(command.getAsInt()).isZero();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
