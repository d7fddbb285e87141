package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.traffic.MixedTraffic;
import io.sluice.schemas.Alert;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.testing.MixedTrafficReplay;
import io.sluice.streams.topology.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across crashes: the streams app runs in its own JVM over 50,000 raw records of all
 * nine feeds (with attacks and malformed records), is killed with SIGKILL at five random points and
 * restarted each time. What a {@code read_committed} consumer then sees equals the crash-free run's
 * (replay of the same records): the canonical count, the DLQ count, and the set of (rule, key)
 * alerts, each alert exactly once (no alert id twice).
 */
@ExtendWith(SandboxExtension.class)
class ExactlyOnceCrashIT {
  private static final int EVENTS = 50_000;
  private static final int MALFORMED = 50;

  /** {@code -Dsluice.it.kills=0} gives the crash-free run on a broker, for comparison. */
  private static final int KILLS = Integer.getInteger("sluice.it.kills", 5);

  private static final String APP = "sluice-eos-it";

  /**
   * Raw records carry the time they were produced, as a connector's carry its fetch time: with the
   * traffic's 2024 event times as Kafka timestamps, the broker's retention check (every 5 minutes)
   * deleted whole partitions under the app, which first looked like lost offsets (docs/design.md,
   * "Kafka timestamps and retention").
   */
  @Test
  void shouldGiveTheCrashFreeOutcomeAcrossFiveSigkills(ApicurioRegistry registry, @TempDir Path dir)
      throws Exception {
    MixedTraffic.Traffic traffic =
        MixedTraffic.generate(
            50, EVENTS, 5_000, Instant.parse("2024-05-02T06:00:00Z"), Duration.ofHours(4));
    Map<String, Integer> expectedAlerts = alertsOfReplay(MixedTrafficReplay.run(traffic));
    assertThat(expectedAlerts.keySet())
        .as("the traffic's attacks are detected by the crash-free run")
        .hasSizeGreaterThanOrEqualTo(traffic.expected().size());

    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopics(2, MixedTraffic.TOPICS.toArray(String[]::new));
      kafka.createCompactedTopic(Topics.VIP_USERS, 1);
      int raw = produce(kafka, traffic);
      Random random = new Random(5);
      double[] points = new double[KILLS];
      for (int i = 0; i < KILLS; i++) {
        points[i] = 0.05 + 0.85 * random.nextDouble();
      }
      Arrays.sort(points);
      for (int i = 0; i < KILLS; i++) {
        long target = (long) (points[i] * raw);
        Process jvm = streamsJvm(kafka, registry, dir, "run-" + i);
        try {
          await("run " + i + " consumed " + target + " raw records")
              .atMost(Duration.ofMinutes(3))
              .pollInterval(Duration.ofMillis(200))
              .until(() -> consumedRaw(kafka) >= target);
        } finally {
          jvm.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no flush, no commit
        }
      }
      Process last = streamsJvm(kafka, registry, dir, "final");
      try {
        Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
        long[] canonical = {0};
        long[] dead = {0};
        List<Alert> alerts = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> records =
                new KafkaConsumer<>(readCommitted(kafka, "eos-outputs"));
            KafkaConsumer<String, Alert> alertConsumer =
                new KafkaConsumer<>(
                    readCommitted(kafka, "eos-alerts"),
                    new StringDeserializer(),
                    AvroSerdes.specific(Alert.class, serde, false).deserializer())) {
          List<String> outputs = new ArrayList<>();
          for (CanonicalClass c : CanonicalClass.values()) {
            outputs.add(c.topic());
          }
          outputs.add(Topics.DLQ);
          records.subscribe(outputs);
          alertConsumer.subscribe(Arrays.stream(Rule.Area.values()).map(Rule.Area::topic).toList());
          await("every canonical record and dead letter after the last restart")
              .atMost(Duration.ofMinutes(6))
              .pollInterval(Duration.ofMillis(100))
              .untilAsserted(
                  () -> {
                    for (ConsumerRecord<byte[], byte[]> r : records.poll(Duration.ofMillis(200))) {
                      if (r.topic().equals(Topics.DLQ)) {
                        dead[0]++;
                      } else {
                        canonical[0]++;
                      }
                    }
                    alertConsumer.poll(Duration.ofMillis(50)).forEach(r -> alerts.add(r.value()));
                    assertThat(canonical[0]).isGreaterThanOrEqualTo(traffic.records().size());
                    assertThat(dead[0]).isGreaterThanOrEqualTo(MALFORMED);
                  });
          // detection runs behind normalisation: read alerts until the app has read every
          // canonical record it wrote and three polls in a row bring nothing
          await("detection caught up")
              .atMost(Duration.ofMinutes(4))
              .pollInterval(Duration.ofMillis(200))
              .until(() -> detectionCaughtUp(kafka));
          for (int empty = 0; empty < 3; ) {
            var batch = alertConsumer.poll(Duration.ofSeconds(1));
            empty = batch.isEmpty() ? empty + 1 : 0;
            batch.forEach(r -> alerts.add(r.value()));
          }
          records
              .poll(Duration.ofSeconds(1))
              .forEach(
                  r -> {
                    if (r.topic().equals(Topics.DLQ)) {
                      dead[0]++;
                    } else {
                      canonical[0]++;
                    }
                  });
        }
        assertThat(canonical[0]).isEqualTo(traffic.records().size());
        assertThat(dead[0]).isEqualTo(MALFORMED);
        assertThat(alerts).extracting(Alert::getAlertId).doesNotHaveDuplicates();
        Map<String, Integer> seen = new TreeMap<>();
        alerts.forEach(
            a ->
                seen.merge(
                    detection(a.getRule().getId(), a.getEntity().getValue()), 1, Integer::sum));
        // every (rule, entity) the crash-free run alerted on, and nothing else; how many alerts
        // a suppressed rule raises for one entity depends on the order its events reach the rule
        // from the two raw partitions' tasks, which no run fixes (docs/rules.md, "The one case
        // determinism cannot cover"): an event arriving after a later one of the same burst can
        // only be suppressed, so a count is at least 1 and at most the single-order replay's
        assertThat(seen.keySet()).isEqualTo(expectedAlerts.keySet());
        seen.forEach(
            (detection, count) ->
                assertThat(count).as(detection).isBetween(1, expectedAlerts.get(detection)));
      } finally {
        last.destroy();
        last.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static String detection(String rule, String entity) {
    return rule + " " + entity;
  }

  /** (rule, entity) → how many alerts the crash-free run raised. */
  private static Map<String, Integer> alertsOfReplay(List<JsonNode> replayed) {
    Map<String, Integer> alerts = new TreeMap<>();
    for (JsonNode r : replayed) {
      if (r.get("topic").asText().startsWith("alerts.")) {
        alerts.merge(
            detection(r.at("/value/rule/id").asText(), r.at("/value/entity/value").asText()),
            1,
            Integer::sum);
      }
    }
    return alerts;
  }

  /** The traffic as connectors write it (Kafka timestamp = fetch time), plus malformed records. */
  private static int produce(EmbeddedKafka kafka, MixedTraffic.Traffic traffic) throws Exception {
    int n = 0;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.VIP_USERS,
                  MixedTraffic.VIP.getBytes(StandardCharsets.UTF_8),
                  "{}".getBytes(StandardCharsets.UTF_8)))
          .get();
      int every = traffic.records().size() / MALFORMED;
      for (MixedTraffic.RawRecord r : traffic.records()) {
        producer.send(
            new ProducerRecord<>(
                r.topic(),
                null,
                null, // now: a connector stamps the fetch time, so raw retention never deletes
                r.key().getBytes(StandardCharsets.UTF_8),
                r.value().getBytes(StandardCharsets.UTF_8)));
        n++;
        if (n % every == 0 && n / every <= MALFORMED) {
          producer.send(
              new ProducerRecord<>(
                  MixedTraffic.OKTA,
                  ("bad-" + n).getBytes(StandardCharsets.UTF_8),
                  "{\"published\": truncated".getBytes(StandardCharsets.UTF_8)));
        }
      }
      producer.flush();
    }
    return n + MALFORMED;
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
            "application.id=" + APP,
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
        .redirectOutput(logs().resolve(name + ".log").toFile())
        .start();
  }

  /** The JVMs' logs, kept under target/ for a failed run to be read. */
  private static Path logs() throws IOException {
    return java.nio.file.Files.createDirectories(Path.of("target", "it-logs", "eos"));
  }

  private static Map<String, Object> readCommitted(EmbeddedKafka kafka, String group) {
    Map<String, Object> props = new HashMap<>(kafka.consumerConfig(group));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /** The app has committed offsets at the end of every canonical and repartition topic it reads. */
  private static boolean detectionCaughtUp(EmbeddedKafka kafka) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(APP).partitionsToOffsetAndMetadata().get();
      List<String> read =
          offsets.keySet().stream()
              .map(TopicPartition::topic)
              .filter(t -> !t.startsWith("raw."))
              .distinct()
              .toList();
      Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(read)
          .allTopicNames()
          .get()
          .forEach(
              (topic, d) ->
                  d.partitions()
                      .forEach(
                          p ->
                              latest.put(
                                  new TopicPartition(topic, p.partition()),
                                  org.apache.kafka.clients.admin.OffsetSpec.latest())));
      var ends =
          admin
              .listOffsets(
                  latest,
                  new org.apache.kafka.clients.admin.ListOffsetsOptions(
                      org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
              .all()
              .get();
      // a partition the app never committed on counts as read up to 0
      return !ends.isEmpty()
          && ends.entrySet().stream()
              .allMatch(
                  e -> {
                    OffsetAndMetadata done = offsets.get(e.getKey());
                    return e.getValue().offset() - (done == null ? 0 : done.offset()) <= 1;
                  });
    } catch (Exception notYet) {
      return false;
    }
  }

  /** Raw records the app has committed as consumed (its group's offsets on the raw topics). */
  private static long consumedRaw(EmbeddedKafka kafka) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(APP).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream()
          .filter(e -> e.getKey().topic().startsWith("raw."))
          .mapToLong(e -> e.getValue().offset())
          .sum();
    } catch (Exception notYet) {
      return 0;
    }
  }
}
