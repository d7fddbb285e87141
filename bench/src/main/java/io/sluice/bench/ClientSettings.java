package io.sluice.bench;

import io.sluice.streams.config.SluiceConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka client settings the app's stream thread really runs with, taken from Kafka Streams
 * itself ({@link StreamsConfig#getMainConsumerConfigs} and {@link StreamsConfig#getProducerConfigs}
 * over {@link SluiceConfig#streamsProperties()}): Kafka Streams' own defaults (linger, {@code
 * max.poll.records}, the exactly-once overrides, the commit interval) with Sluice's choices (lz4)
 * and the operator's {@code kafka.*} settings on top. The transactional copy uses exactly these, so
 * that it and the app differ only in what happens between consume and produce.
 *
 * @param consumer plain consumer settings (Streams-internal keys removed)
 * @param producer plain producer settings (no transactional id, no client id)
 * @param commitIntervalMs how often a stream thread commits its transaction
 */
record ClientSettings(
    Map<String, Object> consumer, Map<String, Object> producer, long commitIntervalMs) {
  /** Set per client, or only meaningful inside Kafka Streams. */
  private static final Set<String> NOT_COPIED =
      Set.of(
          ConsumerConfig.CLIENT_ID_CONFIG,
          ConsumerConfig.GROUP_ID_CONFIG,
          ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
          ProducerConfig.TRANSACTIONAL_ID_CONFIG,
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.PARTITIONER_CLASS_CONFIG);

  /** The settings of the app a worker would start with {@code flags}. */
  static ClientSettings of(Map<String, String> flags) {
    SluiceConfig config = SluiceConfig.load(Optional.empty(), Map.of(), flags);
    StreamsConfig streams = new StreamsConfig(config.streamsProperties());
    Map<String, Object> consumer = new TreeMap<>();
    streams
        .getMainConsumerConfigs(config.applicationId(), "copy", 0)
        .forEach(
            (k, v) -> {
              if (ConsumerConfig.configNames().contains(k) && !NOT_COPIED.contains(k)) {
                consumer.put(k, v);
              }
            });
    Map<String, Object> producer = new TreeMap<>();
    streams
        .getProducerConfigs("copy")
        .forEach(
            (k, v) -> {
              if (ProducerConfig.configNames().contains(k) && !NOT_COPIED.contains(k)) {
                producer.put(k, v);
              }
            });
    return new ClientSettings(
        consumer, producer, streams.getLong(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
  }

  /** The effective values (defaults included) of the settings that shape throughput. */
  Map<String, Object> summary() {
    Map<String, Object> p = new HashMap<>(producer);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    Map<String, ?> pv = new ProducerConfig(p).values();
    Map<String, Object> c = new HashMap<>(consumer);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, ?> cv = new ConsumerConfig(c).values();
    Map<String, Object> s = new TreeMap<>();
    for (String k :
        List.of(
            ProducerConfig.LINGER_MS_CONFIG,
            ProducerConfig.BATCH_SIZE_CONFIG,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)) {
      s.put("producer." + k, String.valueOf(pv.get(k)));
    }
    for (String k :
        List.of(
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            ConsumerConfig.FETCH_MIN_BYTES_CONFIG,
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG)) {
      s.put("consumer." + k, String.valueOf(cv.get(k)));
    }
    s.put("commit.interval.ms", String.valueOf(commitIntervalMs));
    return s;
  }
}
