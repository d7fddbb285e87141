package io.sluice.connectors.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional producer behind DESIGN §7's connector guarantee: a page's records and the
 * checkpoint after them are committed together, with {@code transactional.id} = connector id.
 *
 * <p>Because the id is the connector id, a second instance's {@code initTransactions()} bumps the
 * producer epoch: the first instance's next transaction fails with {@link ProducerFencedException}
 * and it stops (exit {@link ExitCodes#FENCED}). The same call aborts a transaction a crashed
 * predecessor left open, so the checkpoint read afterwards (read_committed) is exactly the one that
 * covers what consumers can see.
 */
public final class KafkaPagePublisher implements PagePublisher {
  private static final Logger log = LoggerFactory.getLogger(KafkaPagePublisher.class);

  /**
   * Test-only: halt the JVM after the N-th page's records reached the broker but before its
   * transaction commits, to prove crash safety from a separate process. Read from a system property
   * that nothing in production sets.
   */
  static final String CRASH_AFTER_PUBLISH_PROPERTY = "sluice.test.crash-after-publish";

  static final int CRASH_EXIT_CODE = 137;

  public static final String HEADER_SOURCE = "sluice.source";
  public static final String HEADER_FETCHED_AT = "sluice.fetched-at";
  public static final String HEADER_CONNECTOR = "sluice.connector";

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private final Producer<byte[], byte[]> producer;
  private final Map<String, Object> clientConfig;
  private final String connectorId;
  private final String checkpointTopic;
  private final int crashAfterPages;
  private int pagesPublished;

  /**
   * @param clientConfig bootstrap servers plus any TLS/SASL settings, shared by the producer and
   *     the checkpoint reader
   */
  public KafkaPagePublisher(
      Map<String, Object> clientConfig, String connectorId, String checkpointTopic) {
    this.clientConfig = Map.copyOf(clientConfig);
    this.connectorId = connectorId;
    this.checkpointTopic = checkpointTopic;
    this.crashAfterPages = Integer.getInteger(CRASH_AFTER_PUBLISH_PROPERTY, 0);
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, connectorId);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "sluice-connector-" + connectorId);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 20);
    this.producer = new KafkaProducer<>(config);
  }

  /** The producer's metrics, for binding to the meter registry. */
  public Producer<byte[], byte[]> producer() {
    return producer;
  }

  @Override
  public void init() {
    try {
      producer.initTransactions();
    } catch (TransactionalIdAuthorizationException e) {
      throw new ConnectorStoppedException(
          ExitCodes.BAD_CONFIG,
          "Kafka denies transactional id '"
              + connectorId
              + "' (grant WRITE and DESCRIBE on TransactionalId "
              + connectorId
              + ")",
          e);
    }
  }

  @Override
  public Optional<Checkpoint> readCheckpoint(String key) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
    byte[] latest = null;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(checkpointTopic, READ_TIMEOUT)
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // With read_committed, endOffsets is the last stable offset: everything committed so far.
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Timed out reading checkpoints from " + checkpointTopic + " after " + READ_TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.key() != null && java.util.Arrays.equals(record.key(), wanted)) {
            latest = record.value();
          }
        }
      }
    }
    return latest == null ? Optional.empty() : Optional.of(Checkpoint.fromJson(latest));
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), READ_TIMEOUT) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void publish(Feed feed, Page page, Checkpoint checkpoint, Instant fetchedAt) {
    byte[] source = feed.source().getBytes(StandardCharsets.UTF_8);
    byte[] fetched = fetchedAt.toString().getBytes(StandardCharsets.UTF_8);
    byte[] connector = connectorId.getBytes(StandardCharsets.UTF_8);
    try {
      producer.beginTransaction();
      for (RawRecord record : page.records()) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(HEADER_SOURCE, source);
        headers.add(HEADER_FETCHED_AT, fetched);
        headers.add(HEADER_CONNECTOR, connector);
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(feed.topic(), null, key, record.value(), headers));
      }
      crashIfAsked();
      producer.send(
          new ProducerRecord<>(
              checkpointTopic,
              checkpoint.key().getBytes(StandardCharsets.UTF_8),
              checkpoint.toJson()));
      producer.commitTransaction();
    } catch (ProducerFencedException | InvalidProducerEpochException e) {
      throw fenced(e);
    } catch (KafkaException e) {
      if (isFenced(e)) {
        throw fenced(e);
      }
      abortQuietly(e);
      throw new PublishException("Kafka did not commit the page: " + e.getMessage(), e);
    }
  }

  private void crashIfAsked() {
    if (crashAfterPages > 0 && ++pagesPublished >= crashAfterPages) {
      producer.flush();
      log.warn(
          "{} set: halting after page {} reached Kafka, before its commit",
          CRASH_AFTER_PUBLISH_PROPERTY,
          pagesPublished);
      Runtime.getRuntime().halt(CRASH_EXIT_CODE);
    }
  }

  private ConnectorStoppedException fenced(KafkaException e) {
    return new ConnectorStoppedException(
        ExitCodes.FENCED,
        "Another instance with connector id '"
            + connectorId
            + "' has taken over (this producer was fenced); stopping this one without committing",
        e);
  }

  private static boolean isFenced(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
        return true;
      }
    }
    return false;
  }

  private void abortQuietly(KafkaException failure) {
    try {
      producer.abortTransaction();
    } catch (KafkaException abortFailure) {
      failure.addSuppressed(abortFailure);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
