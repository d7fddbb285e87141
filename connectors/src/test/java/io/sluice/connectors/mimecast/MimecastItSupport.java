package io.sluice.connectors.mimecast;

import io.sluice.connectors.app.ConnectorRuntime;
import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.core.ConnectorStoppedException;
import io.sluice.connectors.core.KafkaPagePublisher;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.simulators.MimecastSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/** What the Mimecast connector ITs share: config, a connector on a thread, reading what landed. */
final class MimecastItSupport {
  static final String CLIENT_ID = MimecastTestSupport.CLIENT_ID;
  static final String CLIENT_SECRET = MimecastTestSupport.CLIENT_SECRET;

  private MimecastItSupport() {}

  static Map<String, String> env(String secret) {
    return Map.of(
        MimecastConnectorFactory.CLIENT_ID_ENV, CLIENT_ID,
        MimecastConnectorFactory.CLIENT_SECRET_ENV, secret);
  }

  /** Settings for a fast connector against the simulator; {@code extra} overrides. */
  static Map<String, String> settings(
      EmbeddedKafka kafka, MimecastSimulator sim, String connectorId, Map<String, String> extra) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(ConnectorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    flags.put(ConnectorConfig.BASE_URL, sim.baseUrl().toString());
    flags.put(ConnectorConfig.CONNECTOR_ID, connectorId);
    flags.put(ConnectorConfig.SINCE, "1d");
    flags.put(ConnectorConfig.POLL_INTERVAL, "100ms");
    flags.put(ConnectorConfig.HTTP_PORT, "0");
    flags.put(ConnectorConfig.RATE_LIMIT, "unlimited");
    flags.put(ConnectorConfig.RETRY_INITIAL_BACKOFF, "50ms");
    flags.put(ConnectorConfig.RETRY_MAX_BACKOFF, "500ms");
    flags.put(MimecastConnectorFactory.PAGE_SIZE, "100");
    flags.putAll(extra);
    return flags;
  }

  static RunningConnector start(ConnectorFactory factory, Map<String, String> flags) {
    ConnectorConfig config =
        ConnectorConfig.load(factory.defaults(), Optional.empty(), Map.of(), flags);
    return new RunningConnector(
        new ConnectorRuntime(factory, config, env(CLIENT_SECRET), Clock.systemUTC()));
  }

  /** A connector running on its own thread; {@link #exit} completes with its exit code. */
  static final class RunningConnector implements AutoCloseable {
    final ConnectorRuntime runtime;
    final CompletableFuture<Integer> exit = new CompletableFuture<>();
    volatile String stopMessage;

    RunningConnector(ConnectorRuntime runtime) {
      this.runtime = runtime;
      Thread thread =
          new Thread(
              () -> {
                try {
                  runtime.run();
                  exit.complete(0);
                } catch (ConnectorStoppedException e) {
                  stopMessage = e.getMessage();
                  exit.complete(e.exitCode());
                } catch (Throwable t) {
                  exit.completeExceptionally(t);
                }
              },
              "it-connector");
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void close() {
      runtime.stop(Duration.ofSeconds(10));
    }
  }

  /** Records of {@code connectorId} on {@code topic}, read to the end. */
  static List<ConsumerRecord<byte[], byte[]>> records(
      EmbeddedKafka kafka, String topic, String connectorId, boolean committedOnly) {
    Map<String, Object> config = kafka.consumerConfig("unused");
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        committedOnly ? "read_committed" : "read_uncommitted");
    List<ConsumerRecord<byte[], byte[]>> mine = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic, Duration.ofSeconds(10))
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (connectorId.equals(header(record, KafkaPagePublisher.HEADER_CONNECTOR))) {
            mine.add(record);
          }
        }
      }
    }
    return mine;
  }

  static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
  }

  static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  static String metrics(int port) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
