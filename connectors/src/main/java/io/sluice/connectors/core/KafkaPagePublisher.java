package io.sluice.connectors.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional producer behind docs/design.md §7's connector guarantee: a page's records and
 * the checkpoint after them are committed together, with {@code transactional.id} = connector id.
 *
 * <p>Because the id is the connector id, a second instance's {@code initTransactions()} bumps the
 * producer epoch: the first instance's next transaction fails with {@link ProducerFencedException}
 * and it stops (exit {@link ExitCodes#FENCED}). The same call aborts a transaction a crashed
 * predecessor left open, so the checkpoint read afterwards (read_committed) is exactly the one that
 * covers what consumers can see.
 *
 * <p>A {@code commitTransaction} that times out has an unknown outcome: the commit may already be
 * complete on the broker. Kafka allows only retrying that same call, so it is retried ({@value
 * #COMMIT_ATTEMPTS} attempts); if it still times out, or the producer is otherwise left in a state
 * that cannot go on (an abort that fails, an {@link IllegalStateException}), the producer is closed
 * and built again — its {@code initTransactions()} waits for or aborts the open transaction — and
 * the checkpoint is read back: the page resumes from wherever Kafka really is, so nothing is lost
 * or published twice, and the connector never exits for it.
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

  static final int COMMIT_ATTEMPTS = 3;

  public static final String HEADER_SOURCE = "sluice.source";
  public static final String HEADER_FETCHED_AT = "sluice.fetched-at";
  public static final String HEADER_CONNECTOR = "sluice.connector";

  private final Function<Map<String, Object>, Producer<byte[], byte[]>> producers;
  private final Map<String, Object> producerConfig;
  private final CheckpointReader checkpoints;
  private final String connectorId;
  private final String checkpointTopic;
  private final int crashAfterPages;
  private Producer<byte[], byte[]> producer;
  private int pagesPublished;

  /** Reads the last committed checkpoint of a key. */
  @FunctionalInterface
  public interface CheckpointReader {
    Optional<Checkpoint> read(String key);
  }

  /**
   * @param clientConfig bootstrap servers plus any TLS/SASL settings, shared by the producer and
   *     the checkpoint reader
   * @param producers builds a producer from its configuration ({@code KafkaProducer::new}; tests
   *     pass one whose commits time out)
   */
  public KafkaPagePublisher(
      Map<String, Object> clientConfig,
      String connectorId,
      String checkpointTopic,
      Duration checkpointReadTimeout,
      Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
    this(
        clientConfig,
        connectorId,
        checkpointTopic,
        producers,
        new CheckpointTopicReader(clientConfig, checkpointTopic, checkpointReadTimeout));
  }

  KafkaPagePublisher(
      Map<String, Object> clientConfig,
      String connectorId,
      String checkpointTopic,
      Function<Map<String, Object>, Producer<byte[], byte[]>> producers,
      CheckpointReader checkpoints) {
    this.producers = producers;
    this.checkpoints = checkpoints;
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
    this.producerConfig = Map.copyOf(config);
    this.producer = producers.apply(producerConfig);
  }

  /** The default producer. */
  public static Producer<byte[], byte[]> kafkaProducer(Map<String, Object> config) {
    return new KafkaProducer<>(config);
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
    return checkpoints.read(key);
  }

  @Override
  public void publish(Feed feed, Page page, Checkpoint checkpoint, Instant fetchedAt) {
    if (producer == null) {
      throw rebuild(feed, checkpoint.key(), null, "the last rebuild of the producer failed");
    }
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
      commit();
    } catch (ProducerFencedException | InvalidProducerEpochException e) {
      throw fenced(e);
    } catch (InterruptException e) {
      throw e; // the connector is stopping; the open transaction is aborted by the next start
    } catch (TimeoutException e) {
      throw rebuild(feed, checkpoint.key(), e, "Kafka did not confirm the commit in time");
    } catch (KafkaException e) {
      if (isFenced(e)) {
        throw fenced(e);
      }
      try {
        producer.abortTransaction();
      } catch (KafkaException | IllegalStateException abortFailure) {
        e.addSuppressed(abortFailure);
        throw rebuild(feed, checkpoint.key(), e, "the transaction could not be aborted");
      }
      throw new PublishException("Kafka did not commit the page: " + e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw rebuild(feed, checkpoint.key(), e, "the producer cannot go on");
    }
  }

  /** Commits, retrying a timed-out commit as Kafka allows (the same call, again). */
  private void commit() {
    for (int attempt = 1; ; attempt++) {
      try {
        producer.commitTransaction();
        return;
      } catch (TimeoutException e) {
        if (attempt >= COMMIT_ATTEMPTS) {
          throw e;
        }
        log.warn(
            "Connector {}: commit timed out (attempt {}/{}); its outcome is unknown, retrying it",
            connectorId,
            attempt,
            COMMIT_ATTEMPTS);
      }
    }
  }

  /**
   * Closes the producer, builds a new one that claims the id (waiting for or aborting the open
   * transaction) and reads the checkpoint back: where the page resumes.
   */
  private PublishException rebuild(Feed feed, String key, RuntimeException cause, String why) {
    log.warn(
        "Connector {}: {}; building a new producer and reading the checkpoint back",
        connectorId,
        why);
    closeQuietly();
    try {
      producer = producers.apply(producerConfig);
      producer.initTransactions();
      String resume =
          checkpoints.read(key).map(Checkpoint::position).orElseGet(feed::initialPosition);
      return new PublishException(
          why + "; the producer was rebuilt and the page resumes from the committed checkpoint",
          cause,
          resume);
    } catch (ProducerFencedException e) {
      throw fenced(e);
    } catch (KafkaException | IllegalStateException e) {
      if (cause != null) {
        e.addSuppressed(cause);
      }
      closeQuietly();
      return new PublishException(
          why + "; building a new producer failed too (" + e.getMessage() + "), retrying later", e);
    }
  }

  private void closeQuietly() {
    if (producer != null) {
      try {
        producer.close(Duration.ZERO);
      } catch (KafkaException | IllegalStateException e) {
        log.debug("Closing the old producer failed", e);
      }
      producer = null;
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

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
