package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.schemas.Alert;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.replay.Replay;
import io.sluice.streams.testing.OktaEvents;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a crash: the streams app runs in its own JVM, is killed with SIGKILL halfway
 * through 20 000 raw events containing known attacks, and is restarted. A read_committed consumer
 * then sees every expected alert exactly once and no canonical record twice.
 */
@ExtendWith(SandboxExtension.class)
class ExactlyOnceCrashIT {
  private static final int EVENTS = 20_000;
  private static final Instant START = Instant.parse("2024-05-02T09:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldEmitEveryAlertExactlyOnceAcrossASigkill(ApicurioRegistry registry, @TempDir Path dir)
      throws Exception {
    List<ObjectNode> events = scenario();
    Set<String> expectedAlerts = expectedAlertIds(events);
    assertThat(expectedAlerts)
        .as("the scenario contains known attacks")
        .hasSizeGreaterThanOrEqualTo(7);

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(2, "raw.okta.system-log");
      produce(kafka, events.subList(0, EVENTS / 2));
      Process first = streamsJvm(kafka, registry, dir, "first");
      try {
        await("the first JVM is part-way through")
            .atMost(Duration.ofSeconds(120))
            .until(() -> committedCount(kafka, "canonical.authentication") >= EVENTS / 4);
      } finally {
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no flush, no commit
      }
      produce(kafka, events.subList(EVENTS / 2, EVENTS));
      Process second = streamsJvm(kafka, registry, dir, "second");
      try {
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        List<String> canonicalIds = new ArrayList<>();
        List<String> alertIds = new ArrayList<>();
        try (KafkaConsumer<String, AuthenticationEvent> canonical =
                new KafkaConsumer<>(
                    readCommitted(kafka, "eos-canonical"),
                    new StringDeserializer(),
                    AvroSerdes.specific(AuthenticationEvent.class, serde, false).deserializer());
            KafkaConsumer<String, Alert> alerts =
                new KafkaConsumer<>(
                    readCommitted(kafka, "eos-alerts"),
                    new StringDeserializer(),
                    AvroSerdes.specific(Alert.class, serde, false).deserializer())) {
          canonical.subscribe(List.of("canonical.authentication"));
          alerts.subscribe(List.of("alerts.authentication"));
          await("all canonical records and alerts after the restart")
              .atMost(Duration.ofSeconds(180))
              .untilAsserted(
                  () -> {
                    for (ConsumerRecord<String, AuthenticationEvent> r :
                        canonical.poll(Duration.ofMillis(200))) {
                      canonicalIds.add(r.value().getMetadata().getEventId());
                    }
                    for (ConsumerRecord<String, Alert> r : alerts.poll(Duration.ofMillis(50))) {
                      alertIds.add(describe(r.value()));
                    }
                    assertThat(canonicalIds).hasSizeGreaterThanOrEqualTo(EVENTS);
                    assertThat(alertIds).hasSizeGreaterThanOrEqualTo(expectedAlerts.size());
                  });
          // and nothing extra trails behind
          canonical
              .poll(Duration.ofSeconds(2))
              .forEach(r -> canonicalIds.add(r.value().getMetadata().getEventId()));
          alerts.poll(Duration.ofSeconds(1)).forEach(r -> alertIds.add(describe(r.value())));
        }
        assertThat(canonicalIds).hasSize(EVENTS).doesNotHaveDuplicates();
        // each expected detection exactly once. The window end (and so the id) of a detection may
        // legitimately differ from the single-partition replay: events of one key reach a rule
        // from two upstream tasks, and one that arrives after the alert it would have made earlier
        // does not move it (docs/rules.md, "the one case determinism cannot cover").
        assertThat(alertIds)
            .extracting(ExactlyOnceCrashIT::detection)
            .containsExactlyInAnyOrderElementsOf(
                expectedAlerts.stream().map(ExactlyOnceCrashIT::detection).toList());
        assertThat(alertIds).extracting(id -> id.split(" ")[0]).doesNotHaveDuplicates();
      } finally {
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Benign sign-ins of 400 users, plus five bursts, a password spray and a guessed password. */
  private static List<ObjectNode> scenario() {
    Random random = new Random(20_000);
    List<ObjectNode> attacks = new ArrayList<>();
    for (int b = 0; b < 5; b++) {
      Instant at = START.plus(Duration.ofMinutes(3L + 6L * b));
      for (int i = 0; i < 12; i++) {
        attacks.add(
            withIp(
                OktaEvents.failedLogin("burst" + b + "@corp.example", at.plusSeconds(10L * i)),
                "203.0.113." + (10 + b)));
      }
    }
    for (int i = 0; i < 12; i++) {
      attacks.add(
          withIp(
              OktaEvents.failedLogin(
                  "spray" + i + "@corp.example",
                  START.plus(Duration.ofMinutes(20)).plusSeconds(20L * i)),
              "203.0.113.250"));
    }
    for (int i = 0; i < 6; i++) {
      attacks.add(
          withIp(
              OktaEvents.failedLogin(
                  "guessed@corp.example", START.plus(Duration.ofMinutes(25)).plusSeconds(15L * i)),
              "203.0.113.99"));
    }
    attacks.add(
        withIp(
            OktaEvents.successfulLogin("guessed@corp.example", START.plus(Duration.ofMinutes(27))),
            "203.0.113.99"));
    List<ObjectNode> events = new ArrayList<>();
    int benign = EVENTS - attacks.size();
    for (int i = 0; i < benign; i++) {
      Instant t = START.plusMillis(100L * i);
      events.add(
          withIp(
              OktaEvents.successfulLogin("user" + random.nextInt(400) + "@corp.example", t),
              "198.51.100." + random.nextInt(200)));
    }
    // splice the attacks in at their place in time
    events.addAll(attacks);
    events.sort((a, b) -> a.get("published").asText().compareTo(b.get("published").asText()));
    for (int i = 0; i < events.size(); i++) {
      events.get(i).put("uuid", "eos-" + i); // unique raw bytes, so dedup drops none
    }
    return events;
  }

  private static ObjectNode withIp(ObjectNode event, String ip) {
    ((ObjectNode) event.get("client")).put("ipAddress", ip);
    return event;
  }

  private static Set<String> expectedAlertIds(List<ObjectNode> events) throws IOException {
    StringBuilder input = new StringBuilder();
    for (ObjectNode e : events) {
      ObjectNode line = JSON.createObjectNode();
      line.put("topic", "raw.okta.system-log");
      line.set("value", e);
      input.append(line).append('\n');
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Replay replay = new Replay(FeedMappers.all(), new RuleLoader().load(Optional.empty()));
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      replay.run(new BufferedReader(new StringReader(input.toString())), print);
    }
    Set<String> ids = new HashSet<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      var node = JSON.readTree(line);
      if (node.get("topic").asText().equals("alerts.authentication")) {
        ids.add(
            node.at("/value/alert_id").asText()
                + " "
                + node.at("/value/rule/id").asText()
                + " "
                + node.get("key").asText()
                + " "
                + node.at("/value/window_end").asText());
      }
    }
    return ids;
  }

  /** "rule key" of an alert description. */
  private static String detection(String description) {
    String[] parts = description.split(" ");
    return parts[1] + " " + parts[2];
  }

  /** Id plus what it derives from, so that a mismatch says which alert differs and why. */
  private static String describe(Alert alert) {
    return alert.getAlertId()
        + " "
        + alert.getRule().getId()
        + " "
        + alert.getEntity().getValue()
        + " "
        + alert.getWindowEnd();
  }

  private static void produce(EmbeddedKafka kafka, List<ObjectNode> events) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
      for (ObjectNode e : events) {
        producer.send(
            new ProducerRecord<>(
                "raw.okta.system-log",
                e.get("uuid").asText().getBytes(StandardCharsets.UTF_8),
                e.toString().getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /** The streams app as a separate JVM, so that a kill really is a kill. */
  private static Process streamsJvm(
      EmbeddedKafka kafka, ApicurioRegistry registry, Path dir, String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx512m",
            "-cp",
            System.getProperty("java.class.path"),
            "io.sluice.streams.cli.StreamsCli",
            "streams",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--schema-registry",
            registry.url(),
            "--set",
            "application.id=sluice-eos-it",
            "--set",
            "state.dir=" + dir.resolve("state"),
            "--set",
            "topic.partitions=2",
            "--set",
            "http.port=0",
            "--set",
            "http.host=127.0.0.1",
            "--set",
            "kafka.commit.interval.ms=100",
            "--set",
            "kafka.session.timeout.ms=6000",
            "--set",
            "kafka.heartbeat.interval.ms=1000")
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile())
        .start();
  }

  private static Map<String, Object> readCommitted(EmbeddedKafka kafka, String group) {
    Map<String, Object> props = new HashMap<>(kafka.consumerConfig(group));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    return props;
  }

  private static long committedCount(EmbeddedKafka kafka, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(readCommitted(kafka, "eos-probe-" + System.nanoTime()))) {
      var partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
              .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    } catch (RuntimeException notYet) {
      return 0;
    }
  }
}
