package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.replay.Replay;
import io.sluice.streams.topology.Topics;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * All nine raw feeds on a real broker and a real registry, fed a mixed file with bad records and
 * redelivered duplicates: every raw record ends in exactly one canonical topic, the DLQ or the
 * duplicate counter, and the broker run writes exactly what {@code replay} says it should.
 */
@ExtendWith(SandboxExtension.class)
class AllFeedsIT {
  private static final Path MIXED = Path.of("src/test/resources/mixed/all-feeds.jsonl");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldAccountForEveryRawRecordOfEveryFeed(ApicurioRegistry registry, @TempDir Path stateDir)
      throws Exception {
    List<String> lines = Files.readAllLines(MIXED).stream().filter(l -> !l.isBlank()).toList();
    Map<String, Integer> expected = expectedCountsFromReplay(String.join("\n", lines));

    // a broker of its own: other ITs of this module leave records in the same topic names
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
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
                  "sluice-all-feeds-it",
                  SluiceConfig.STATE_DIR,
                  stateDir.toString(),
                  SluiceConfig.TOPIC_PARTITIONS,
                  "2",
                  "kafka.commit.interval.ms",
                  "200"));
      try (StreamsApp app =
          StreamsApp.start(config, new RuleLoader().load(Optional.empty()), meters)) {
        assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
        produce(kafka, lines);

        Map<String, Integer> actual = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka)) {
          List<String> topics = new ArrayList<>(expected.keySet());
          consumer.subscribe(topics);
          await("every canonical and DLQ record")
              .atMost(Duration.ofSeconds(90))
              .untilAsserted(
                  () -> {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                      actual.merge(r.topic(), 1, Integer::sum);
                    }
                    assertThat(actual).isEqualTo(expected);
                  });
          // nothing more arrives after the expected records
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(2))) {
            actual.merge(r.topic(), 1, Integer::sum);
          }
        }
        assertThat(actual).isEqualTo(expected);

        PipelineMetrics metrics = new PipelineMetrics(meters);
        double raw = 0;
        double duplicates = 0;
        for (var feed : FeedMappers.all()) {
          raw += metrics.count("sluice_raw_records", "source", feed.descriptor().source());
          duplicates +=
              metrics.count("sluice_duplicates_dropped", "source", feed.descriptor().source());
        }
        int canonical =
            actual.entrySet().stream()
                .filter(e -> e.getKey().startsWith("canonical."))
                .mapToInt(Map.Entry::getValue)
                .sum();
        int deadLetters = actual.getOrDefault(Topics.DLQ, 0);
        assertThat(raw).isEqualTo(lines.size());
        assertThat(duplicates).isEqualTo(2);
        assertThat(canonical + deadLetters + duplicates).isEqualTo(raw);
        assertThat(actual.keySet())
            .contains(
                "canonical.authentication",
                "canonical.admin-activity",
                "canonical.email-url",
                "canonical.email-file",
                "canonical.finding",
                "canonical.data-security",
                "canonical.email-activity",
                Topics.DLQ);
      }
    }
  }

  /** What the production topology writes for this input, per canonical/DLQ topic, offline. */
  private static Map<String, Integer> expectedCountsFromReplay(String input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Replay replay = new Replay(FeedMappers.all(), List.of());
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      replay.run(new BufferedReader(new StringReader(input)), print);
    }
    Map<String, Integer> counts = new TreeMap<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        counts.merge(JSON.readTree(line).get("topic").asText(), 1, Integer::sum);
      }
    }
    for (CanonicalClass c : CanonicalClass.values()) {
      counts.putIfAbsent(c.topic(), 0);
    }
    counts.values().removeIf(v -> v == 0);
    return counts;
  }

  private static void produce(EmbeddedKafka kafka, List<String> lines) throws IOException {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
      for (String line : lines) {
        JsonNode node = JSON.readTree(line);
        byte[] value =
            node.has("value")
                ? node.get("value").toString().getBytes(StandardCharsets.UTF_8)
                : node.get("value_text").asText().getBytes(StandardCharsets.UTF_8);
        byte[] key =
            node.hasNonNull("key")
                ? node.get("key").asText().getBytes(StandardCharsets.UTF_8)
                : null;
        producer.send(new ProducerRecord<>(node.get("topic").asText(), key, value));
      }
      producer.flush();
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafka kafka) {
    Map<String, Object> props = new HashMap<>(kafka.consumerConfig("all-feeds-it"));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(props);
  }
}
