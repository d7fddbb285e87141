package io.sluice.bench;

import io.sluice.sandbox.harness.EmbeddedKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Counting what consumers can see. End offsets alone do not count records on topics written by
 * transactions: every commit adds a control marker per partition, which takes an offset.
 */
final class RecordCounts {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private RecordCounts() {}

  /** read_committed end offsets (the last stable offsets) per partition; empty if no topic yet. */
  static Map<TopicPartition, Long> endOffsets(EmbeddedKafka kafka, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config(kafka))) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      return partitions.isEmpty() ? Map.of() : consumer.endOffsets(partitions, TIMEOUT);
    }
  }

  /** Committed records on {@code topic} after the offsets {@code from} (absent = beginning). */
  static long committedSince(EmbeddedKafka kafka, String topic, Map<TopicPartition, Long> from) {
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config(kafka))) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      for (TopicPartition p : partitions) {
        consumer.seek(p, from.getOrDefault(p, 0L));
      }
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            count++;
          }
        }
      }
    }
    return count;
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    return consumer.partitionsFor(topic, TIMEOUT).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition()))
        .toList();
  }

  private static Map<String, Object> config(EmbeddedKafka kafka) {
    Map<String, Object> config = new HashMap<>(kafka.consumerConfig("unused"));
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    return config;
  }
}
