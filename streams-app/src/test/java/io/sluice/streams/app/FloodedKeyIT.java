package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 failed logons against one account on a real broker: the old engine's state record for the
 * account passed the producer's 1 MiB limit at about 8,500 events and the stream thread died, was
 * replaced and died again. Now the thread that started is the thread that finishes, the account's
 * changelog records stay small, and the burst is one alert.
 */
@ExtendWith(SandboxExtension.class)
class FloodedKeyIT {
  private static final int FLOOD = 30_000;
  private static final String VICTIM = "ceo@corp.example";

  @Test
  void shouldNotKillAStreamThreadWhenOneAccountIsFlooded(@TempDir Path state) throws Exception {
    // its own broker: its in-memory registry's schema ids must not meet other ITs' records
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      SluiceConfig config =
          SluiceConfig.load(
              Optional.empty(),
              Map.of(),
              Map.of(
                  SluiceConfig.BOOTSTRAP_SERVERS,
                  kafka.bootstrapServers(),
                  SluiceConfig.APPLICATION_ID,
                  "sluice-flood-it",
                  SluiceConfig.STATE_DIR,
                  state.toString(),
                  SluiceConfig.TOPIC_PARTITIONS,
                  "2",
                  SluiceConfig.SCHEMA_REGISTRY_URL,
                  "mem://sluice"));
      Instant start = Instant.parse("2024-05-02T12:00:00Z");
      try (StreamsApp app =
          StreamsApp.start(
              config, new RuleLoader().load(Optional.empty()), new SimpleMeterRegistry())) {
        assertThat(app.awaitRunning(Duration.ofSeconds(60))).isTrue();
        Set<String> threadsAtStart = threads(app);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
          for (int i = 0; i < FLOOD; i++) {
            UUID id = new UUID(42, i);
            String event =
                OktaEvents.login(
                    id, start.plusMillis(20L * i), VICTIM, "203.0.113.66", false, "Lagos");
            producer.send(
                new ProducerRecord<>(
                    "raw.okta.system-log",
                    id.toString().getBytes(StandardCharsets.UTF_8),
                    event.getBytes(StandardCharsets.UTF_8)));
          }
          producer.flush();
        }

        String changelog = "sluice-flood-it-detect-user-changelog";
        await("every failure normalised and seen by the user processor")
            .atMost(Duration.ofMinutes(8))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> committed(kafka, "canonical.authentication") >= FLOOD);
        await("the user processor has read every canonical record")
            .atMost(Duration.ofMinutes(8))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> caughtUp(kafka, "sluice-flood-it", "canonical.authentication"));

        assertThat(app.isRunning()).isTrue();
        assertThat(threads(app)).as("no stream thread was replaced").isEqualTo(threadsAtStart);
        assertThat(largestValue(kafka, changelog)).isPositive().isLessThan(8 * 1024);
        assertThat(alerts(kafka))
            .filteredOn(a -> a.equals("auth.failed-login-burst " + VICTIM))
            .hasSize(1);
      }
    }
  }

  private static Set<String> threads(StreamsApp app) {
    return app.streams().metadataForLocalThreads().stream()
        .map(ThreadMetadata::threadName)
        .collect(Collectors.toSet());
  }

  /** The group's committed offsets reached the topic's end (within a transaction marker). */
  private static boolean caughtUp(EmbeddedKafka kafka, String group, String topic) {
    try (org.apache.kafka.clients.admin.Admin admin =
            org.apache.kafka.clients.admin.Admin.create(
                Map.of("bootstrap.servers", kafka.bootstrapServers()));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readCommitted(kafka))) {
      Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> done =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      // a partition the group never read (the flood has one key, so one partition) counts as 0
      return partitions.stream()
          .allMatch(p -> (done.containsKey(p) ? done.get(p).offset() : 0) >= ends.get(p) - 1);
    } catch (Exception notYet) {
      return false;
    }
  }

  private static Map<String, Object> readCommitted(EmbeddedKafka kafka) {
    Map<String, Object> props = new HashMap<>(kafka.consumerConfig("flood-" + System.nanoTime()));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    return props;
  }

  private static long committed(EmbeddedKafka kafka, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readCommitted(kafka))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      // end offsets include one transaction marker per commit: a bound, not a count, so the
      // assertions that matter read the records themselves
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    } catch (RuntimeException notYet) {
      return 0;
    }
  }

  /** The largest value on a topic, read to its end. */
  private static int largestValue(EmbeddedKafka kafka, String topic) {
    int largest = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(readCommitted(kafka))) {
      consumer.subscribe(List.of(topic));
      int empty = 0;
      while (empty < 5) {
        var records = consumer.poll(Duration.ofMillis(500));
        empty = records.isEmpty() ? empty + 1 : 0;
        for (ConsumerRecord<byte[], byte[]> r : records) {
          if (r.value() != null) {
            largest = Math.max(largest, r.value().length);
          }
        }
      }
    }
    return largest;
  }

  /** "rule entity" of every alert on alerts.authentication (decoded loosely: ids are strings). */
  private static List<String> alerts(EmbeddedKafka kafka) {
    Map<String, Object> serde = Map.of("schema.registry.url", "mem://sluice");
    try (KafkaConsumer<String, io.sluice.schemas.Alert> consumer =
        new KafkaConsumer<>(
            readCommitted(kafka),
            new org.apache.kafka.common.serialization.StringDeserializer(),
            io.sluice.schemas.serde.AvroSerdes.specific(io.sluice.schemas.Alert.class, serde, false)
                .deserializer())) {
      consumer.subscribe(List.of("alerts.authentication"));
      List<String> seen = new java.util.ArrayList<>();
      int empty = 0;
      while (empty < 5) {
        var records = consumer.poll(Duration.ofMillis(500));
        empty = records.isEmpty() ? empty + 1 : 0;
        records.forEach(
            r -> seen.add(r.value().getRule().getId() + " " + r.value().getEntity().getValue()));
      }
      return seen;
    }
  }
}
