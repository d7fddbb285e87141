package io.sluice.connectors.testing;

import static io.sluice.connectors.testing.ItConnectors.keys;
import static io.sluice.connectors.testing.ItConnectors.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.okta.OktaConnectorFactory;
import io.sluice.connectors.okta.OktaSystemLogFeed;
import io.sluice.connectors.testing.ItConnectors.RunningConnector;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.sandbox.simulators.OktaSimulator;
import io.sluice.sandbox.simulators.SimClock;
import io.sluice.sandbox.simulators.SimOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the connector requires of the checkpoint topic it shares with every other connector. */
@ExtendWith(SandboxExtension.class)
class CheckpointTopicIT {
  private static final Duration LANDED = Duration.ofSeconds(60);

  private final EmbeddedKafka kafka;
  private final SimClock clock = SimClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  private final List<String> events =
      OktaEvents.benignLogins(
          5, 120, clock.instant().minus(3, ChronoUnit.HOURS), Duration.ofMinutes(1));
  private final OktaSimulator okta =
      OktaSimulator.start("tok", events, SimOptions.realistic().on(clock));
  private final String run = Long.toHexString(System.nanoTime());
  private final String connectorId = "okta-checkpoint-it-" + run;

  CheckpointTopicIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @AfterEach
  void stop() {
    okta.close();
  }

  @Test
  void shouldNotResumeFromAStaleCheckpointWhileAnotherConnectorsTransactionIsOpen()
      throws Exception {
    String topic = "sluice.checkpoints-hidden-" + run;
    kafka.createCompactedTopic(topic, 1);
    Map<String, String> flags = flags(topic);
    List<String> before = live(6, 10);
    List<String> after = live(7, 10);
    try (RunningConnector first =
        ItConnectors.start(new OktaConnectorFactory(), flags, env(), clock)) {
      await("the first run committed the backfill")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(events.size()));
      try (KafkaProducer<byte[], byte[]> other = openTransaction(topic)) {
        // another connector's transaction, opened now and left hanging
        okta.append(before);
        await("the first run committed more, after the other transaction began")
            .atMost(LANDED)
            .untilAsserted(() -> assertThat(landed()).hasSize(events.size() + before.size()));
        first.close();
        assertThat(ourCheckpoints(topic, "read_committed"))
            .as("a read_committed read to its end offset misses our newest checkpoints: hidden")
            .hasSizeLessThan(ourCheckpoints(topic, "read_uncommitted").size());
        okta.append(after);

        try (RunningConnector second =
            ItConnectors.start(new OktaConnectorFactory(), flags, env(), clock)) {
          await("the restarted connector waits for the open transaction instead of resuming")
              .during(Duration.ofSeconds(3))
              .atMost(Duration.ofSeconds(10))
              .until(() -> !second.runtime.awaitStarted(Duration.ZERO));
          other.abortTransaction();

          await("then it resumes from its newest checkpoint and adds only what is new")
              .atMost(LANDED)
              .untilAsserted(
                  () -> assertThat(landed()).hasSize(events.size() + before.size() + after.size()));
          assertThat(keys(landed())).doesNotHaveDuplicates();
          assertThat(second.exit).isNotDone();
        }
      }
    }
  }

  private List<String> live(long seed, int count) {
    return OktaEvents.benignLogins(
        seed, count, clock.instant().minusSeconds(900), Duration.ofSeconds(1));
  }

  @Test
  void shouldRefuseACheckpointTopicThatIsNotCompacted() {
    String topic = "sluice.checkpoints-deleted-" + run;
    kafka.createTopics(1, topic); // cleanup.policy=delete

    try (RunningConnector connector =
        ItConnectors.start(new OktaConnectorFactory(), flags(topic), env(), clock)) {
      await("the connector refuses to start").atMost(LANDED).until(() -> connector.exit.isDone());
      assertThat(connector.exit)
          .failsWithin(Duration.ZERO)
          .withThrowableThat()
          .havingRootCause()
          .isInstanceOf(io.sluice.connectors.config.ConfigException.class)
          .withMessageContaining("cleanup.policy=delete")
          .withMessageContaining("--add-config cleanup.policy=compact");
    }
    assertThat(landed()).isEmpty();
  }

  private KafkaProducer<byte[], byte[]> openTransaction(String topic) {
    Map<String, Object> config = new LinkedHashMap<>(kafka.producerConfig());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "another-connector-" + run);
    config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 300_000);
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config);
    producer.initTransactions();
    producer.beginTransaction();
    producer.send(
        new ProducerRecord<>(
            topic,
            "another-connector/other.feed".getBytes(StandardCharsets.UTF_8),
            "{}".getBytes(StandardCharsets.UTF_8)));
    producer.flush();
    return producer;
  }

  /** Our checkpoint records as a plain consumer reading to its end offsets sees them. */
  private List<String> ourCheckpoints(String topic, String isolation) {
    Map<String, Object> config = kafka.consumerConfig("unused");
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    List<String> ours = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String key = new String(r.key(), StandardCharsets.UTF_8);
          if (key.startsWith(connectorId)) {
            ours.add(key);
          }
        }
      }
    }
    return ours;
  }

  private Map<String, String> flags(String checkpointTopic) {
    Map<String, String> flags =
        new LinkedHashMap<>(
            ItConnectors.settings(kafka, okta.baseUrl().toString(), connectorId, Map.of()));
    flags.put(ConnectorConfig.CHECKPOINT_TOPIC, checkpointTopic);
    return flags;
  }

  private static Map<String, String> env() {
    return Map.of("OKTA_API_TOKEN", "tok");
  }

  private List<ConsumerRecord<byte[], byte[]>> landed() {
    return records(kafka, OktaSystemLogFeed.TOPIC, connectorId, true);
  }
}
