package io.sluice.streams.app;

import io.sluice.streams.config.SluiceConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A compacted topic of string keys and values ({@code reference.vip-users}, {@code
 * reference.identities}, {@code sluice.rules}) as the CLI and start-up read and write it: a null
 * value deletes.
 */
public final class CompactedTopic {
  private final SluiceConfig config;
  private final String topic;

  public CompactedTopic(SluiceConfig config, String topic) {
    this.config = config;
    this.topic = topic;
  }

  /** Writes the records (null value = tombstone) and waits until Kafka acknowledged them all. */
  public void send(Map<String, String> records) throws InterruptedException, ExecutionException {
    Map<String, Object> props = new HashMap<>(config.kafkaClientSettings());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
      List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
      records.forEach((k, v) -> sent.add(producer.send(new ProducerRecord<>(topic, k, v))));
      for (java.util.concurrent.Future<?> ack : sent) {
        ack.get();
      }
    }
  }

  /** The topic's current content by key as it was written, in the order keys first appeared. */
  public Map<String, String> read() {
    Map<String, Object> props = new HashMap<>(config.kafkaClientSettings());
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, String> current = new LinkedHashMap<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      var partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() == null) {
            current.remove(r.key());
          } else {
            current.put(r.key(), r.value());
          }
        }
      }
    }
    return current;
  }
}
