package io.sluice.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads topics from their log start to their last stable offset as a {@code read_committed}
 * consumer, counting records. Offsets alone do not count records on topics written in transactions:
 * every commit adds a control marker to each partition it wrote, and aborted records take offsets
 * too; a consumer never sees either, so {@code offsets − records} is what markers and aborted
 * records took.
 */
final class TopicScan {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  /**
   * @param records committed records a consumer sees
   * @param offsets offsets between log start and the last stable offset
   */
  record Count(long records, long offsets) {}

  private TopicScan() {}

  /**
   * Counts per topic from {@code from} (absent: the log start), feeding every record to {@code
   * each}. Topics that do not exist count 0.
   */
  static Map<String, Count> scan(
      Cluster cluster,
      Collection<String> topics,
      Map<TopicPartition, Long> from,
      Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Map<String, Object> config = cluster.clientConfig();
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, long[]> counts = new TreeMap<>();
    topics.forEach(t -> counts.put(t, new long[2]));
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        if (cluster.topics().contains(topic)) {
          consumer
              .partitionsFor(topic, TIMEOUT)
              .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
      }
      Map<TopicPartition, Long> start =
          new HashMap<>(consumer.beginningOffsets(partitions, TIMEOUT));
      from.forEach((p, o) -> start.computeIfPresent(p, (k, s) -> Math.max(s, o)));
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      for (TopicPartition p : partitions) {
        counts.get(p.topic())[1] += end.get(p) - start.get(p);
      }
      List<TopicPartition> open = new ArrayList<>(partitions);
      open.removeIf(p -> end.get(p) <= start.get(p));
      consumer.assign(open);
      open.forEach(p -> consumer.seek(p, start.get(p)));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!open.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + open + " to their end");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          TopicPartition p = new TopicPartition(r.topic(), r.partition());
          if (r.offset() < end.get(p)) {
            counts.get(r.topic())[0]++;
            each.accept(r);
          }
        }
        open.removeIf(p -> consumer.position(p, TIMEOUT) >= end.get(p));
        consumer.assign(open);
      }
    }
    Map<String, Count> out = new TreeMap<>();
    counts.forEach((t, c) -> out.put(t, new Count(c[0], c[1])));
    return out;
  }

  /** read_committed end offsets of every partition of {@code topics} that exist. */
  static Map<TopicPartition, Long> ends(Cluster cluster, Collection<String> topics) {
    Map<String, Object> config = cluster.clientConfig();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<TopicPartition, Long> ends = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        consumer
            .partitionsFor(topic, TIMEOUT)
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      ends.putAll(consumer.endOffsets(partitions, TIMEOUT));
    }
    return ends;
  }
}
