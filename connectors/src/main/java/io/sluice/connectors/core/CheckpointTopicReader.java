package io.sluice.connectors.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a connector's last committed checkpoint from the shared checkpoint topic, up to its high
 * watermark.
 *
 * <p>A {@code read_committed} consumer sees a partition only up to its last stable offset, the
 * first offset of the oldest transaction still open. The topic is shared by every connector, so
 * another connector's open (or hung) transaction would hide this one's newer checkpoints, and
 * reading "to the end" would silently resume from an older one. This reader takes the high
 * watermark (what a {@code read_uncommitted} consumer sees as the end) and reads committed records
 * until it gets there — that is, until every transaction open at that moment has committed or
 * aborted, which the broker forces within that producer's {@code transaction.timeout.ms}. It waits
 * at most {@code timeout}, saying why, and then stops the connector (exit 5, a restart helps)
 * rather than resume from a stale checkpoint.
 */
final class CheckpointTopicReader implements KafkaPagePublisher.CheckpointReader {
  private static final Logger log = LoggerFactory.getLogger(CheckpointTopicReader.class);
  private static final Duration META_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration SAY_WHY_AFTER = Duration.ofSeconds(5);

  private final Map<String, Object> clientConfig;
  private final String topic;
  private final Duration timeout;

  CheckpointTopicReader(Map<String, Object> clientConfig, String topic, Duration timeout) {
    this.clientConfig = Map.copyOf(clientConfig);
    this.topic = topic;
    this.timeout = timeout;
  }

  @Override
  public Optional<Checkpoint> read(String key) {
    byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
    byte[] latest = null;
    try (KafkaConsumer<byte[], byte[]> committed = consumer(IsolationLevel.READ_COMMITTED);
        KafkaConsumer<byte[], byte[]> all = consumer(IsolationLevel.READ_UNCOMMITTED)) {
      List<TopicPartition> partitions = new ArrayList<>();
      committed
          .partitionsFor(topic, META_TIMEOUT)
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      committed.assign(partitions);
      committed.seekToBeginning(partitions);
      // read_uncommitted: the high watermark, past any transaction still open
      Map<TopicPartition, Long> end = all.endOffsets(partitions, META_TIMEOUT);
      long started = System.nanoTime();
      boolean said = false;
      while (!reached(committed, end)) {
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        if (waited.compareTo(timeout) > 0) {
          throw new ConnectorStoppedException(
              ExitCodes.RETRIES_EXHAUSTED,
              "Timed out after "
                  + timeout
                  + " reading the checkpoint of "
                  + key
                  + ": a transaction still open on "
                  + topic
                  + " hides what was committed after it (checkpoint.read.timeout)");
        }
        if (!said && waited.compareTo(SAY_WHY_AFTER) > 0) {
          said = true;
          log.info(
              "Waiting for a transaction still open on {} ({} committed of {} written): it hides"
                  + " the checkpoints committed after it, which must not be skipped",
              topic,
              positions(committed, end),
              end);
        }
        for (ConsumerRecord<byte[], byte[]> record : committed.poll(Duration.ofMillis(200))) {
          if (record.key() != null && Arrays.equals(record.key(), wanted)) {
            latest = record.value();
          }
        }
      }
    }
    return latest == null ? Optional.empty() : Optional.of(Checkpoint.fromJson(latest));
  }

  private KafkaConsumer<byte[], byte[]> consumer(IsolationLevel isolation) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return new KafkaConsumer<>(config);
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), META_TIMEOUT) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static Map<TopicPartition, Long> positions(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    Map<TopicPartition, Long> at = new HashMap<>();
    end.keySet().forEach(p -> at.put(p, consumer.position(p, META_TIMEOUT)));
    return at;
  }
}
