package io.sluice.sandbox.harness;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SandboxExtension.class)
class EmbeddedKafkaIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final EmbeddedKafka kafka;

  EmbeddedKafkaIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @Test
  void shouldDeliverAProducedRecordToASubscribedConsumer() throws Exception {
    // Given
    String topic = uniqueName("auth-events");
    kafka.createTopics(1, topic);

    // When
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
      producer
          .send(new ProducerRecord<>(topic, bytes("alice@example.com"), bytes("login-success")))
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    // Then
    assertThat(consumeUntilOne(topic, kafka.consumerConfig(uniqueName("plain-reader"))))
        .containsExactly("login-success");
  }

  @Test
  void shouldShowOnlyCommittedTransactionsToAReadCommittedConsumer() {
    // Given
    String topic = uniqueName("alerts");
    kafka.createTopics(1, topic);
    Map<String, Object> producerConfig = kafka.producerConfig();
    producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, uniqueName("alerter"));

    // When: an aborted transaction, then a committed one, on the same partition
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, bytes("alice"), bytes("aborted-alert")));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, bytes("alice"), bytes("committed-alert")));
      producer.commitTransaction();
    }

    // Then: once the committed record is visible, the aborted one (earlier in the log) was skipped
    Map<String, Object> consumerConfig = kafka.consumerConfig(uniqueName("committed-reader"));
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    assertThat(consumeUntilOne(topic, consumerConfig)).containsExactly("committed-alert");
  }

  @Test
  void shouldListenOnTheAdvertisedLoopbackPort() throws Exception {
    // Given
    assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
    int port = Integer.parseInt(kafka.bootstrapServers().split(":")[1]);

    // When
    List<Node> nodes;
    try (Admin admin = admin()) {
      nodes =
          List.copyOf(admin.describeCluster().nodes().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    // Then
    assertThat(nodes).singleElement().satisfies(node -> assertThat(node.port()).isEqualTo(port));
  }

  @Test
  void shouldCreateACompactedTopicAndLeaveAnExistingOneAlone() throws Exception {
    // Given
    String topic = uniqueName("user-profiles");
    kafka.createCompactedTopic(topic, 2);

    // When
    assertThatCode(() -> kafka.createCompactedTopic(topic, 2)).doesNotThrowAnyException();
    assertThatCode(() -> kafka.createTopics(2, topic)).doesNotThrowAnyException();

    // Then
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try (Admin admin = admin()) {
      Config config =
          admin
              .describeConfigs(List.of(resource))
              .all()
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
              .get(resource);
      TopicDescription description =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
              .get(topic);
      assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
          .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
      assertThat(description.partitions()).hasSize(2);
    }
  }

  @Test
  void shouldShareOneBrokerBetweenConstructorAndMethodInjection(EmbeddedKafka injected) {
    assertThat(injected).isSameAs(kafka);
  }

  @Test
  void shouldRunASecondBrokerOnItsOwnPortAndRemoveItsLogDirWhenClosed() {
    // Given
    EmbeddedKafka second = EmbeddedKafka.start(Map.of("auto.create.topics.enable", "true"));

    // When
    String secondBootstrap = second.bootstrapServers();
    Path logDir = second.logDir();
    second.close();

    // Then
    assertThat(secondBootstrap).isNotEqualTo(kafka.bootstrapServers());
    assertThat(logDir).doesNotExist();
    assertThatCode(second::close).as("second close").doesNotThrowAnyException();
  }

  private Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static List<String> consumeUntilOne(String topic, Map<String, Object> consumerConfig) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig)) {
      consumer.subscribe(List.of(topic));
      await("a record on " + topic)
          .atMost(TIMEOUT)
          .pollInSameThread()
          .pollInterval(Duration.ZERO)
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(record -> values.add(new String(record.value(), UTF_8)));
                return !values.isEmpty();
              });
    }
    return values;
  }

  private static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  private static byte[] bytes(String value) {
    return value.getBytes(UTF_8);
  }
}
