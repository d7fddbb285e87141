package io.sluice.connectors.testing;

import io.sluice.connectors.app.ConnectorRuntime;
import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.core.ConnectorStoppedException;
import io.sluice.connectors.core.KafkaPagePublisher;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.simulators.SimClock;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

/**
 * What the connector ITs of every vendor share: fast settings, a connector on its own thread on
 * simulated time, reading back what one connector id landed on a raw topic, and a separate
 * connector JVM.
 */
public final class ItConnectors {
  private ItConnectors() {}

  /** Settings for a fast connector against a simulator at {@code baseUrl}; {@code extra} wins. */
  public static Map<String, String> settings(
      EmbeddedKafka kafka, String baseUrl, String connectorId, Map<String, String> extra) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(ConnectorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    flags.put(ConnectorConfig.BASE_URL, baseUrl);
    flags.put(ConnectorConfig.CONNECTOR_ID, connectorId);
    flags.put(ConnectorConfig.SINCE, "1d");
    flags.put(ConnectorConfig.POLL_INTERVAL, "100ms");
    flags.put(ConnectorConfig.HTTP_PORT, "0");
    flags.put(ConnectorConfig.RATE_LIMIT, "unlimited");
    flags.put(ConnectorConfig.RETRY_INITIAL_BACKOFF, "50ms");
    flags.put(ConnectorConfig.RETRY_MAX_BACKOFF, "500ms");
    flags.putAll(extra);
    return flags;
  }

  /** Every this many commits, one times out (half of them after reaching the broker). */
  public static final int COMMIT_TIMEOUT_EVERY = 5;

  /**
   * A connector on simulated time ({@code clock}, shared with the simulator) against the real
   * broker, whose commits time out now and then ({@link TimingOutCommits}), as a broker's do.
   */
  public static RunningConnector start(
      ConnectorFactory factory,
      Map<String, String> flags,
      Map<String, String> env,
      SimClock clock) {
    ConnectorConfig config =
        ConnectorConfig.load(factory.defaults(), Optional.empty(), Map.of(), flags);
    TimingOutCommits commits = new TimingOutCommits(COMMIT_TIMEOUT_EVERY);
    ConnectorRuntime.Options options =
        new ConnectorRuntime.Options(clock, new SimulatedSleeper(clock), commits);
    return new RunningConnector(new ConnectorRuntime(factory, config, env, options), commits);
  }

  /** A connector running on its own thread; {@link #exit} completes with its exit code. */
  public static final class RunningConnector implements AutoCloseable {
    public final ConnectorRuntime runtime;
    public final TimingOutCommits commits;
    public final CompletableFuture<Integer> exit = new CompletableFuture<>();
    public volatile String stopMessage;

    RunningConnector(ConnectorRuntime runtime, TimingOutCommits commits) {
      this.runtime = runtime;
      this.commits = commits;
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

  /** Records {@code connectorId} put on {@code topic}, read to the end with {@code isolation}. */
  public static List<ConsumerRecord<byte[], byte[]>> records(
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

  public static List<String> keys(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
  }

  public static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
  }

  public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /**
   * {@code ConnectorCli} in a JVM of its own (test classpath), output to {@code log}; with {@code
   * crashAfterPage} > 0 it halts after that page reached Kafka, before its commit.
   */
  public static Process connectorProcess(
      List<String> arguments, Map<String, String> env, Path log, int crashAfterPage)
      throws java.io.IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    if (crashAfterPage > 0) {
      command.add("-Dsluice.test.crash-after-publish=" + crashAfterPage);
    }
    command.add("-cp");
    command.add(testClasspath());
    command.add("io.sluice.connectors.cli.ConnectorCli");
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return builder.start();
  }

  private static String testClasspath() {
    // Failsafe may start the test JVM from a manifest-only jar; this property has the entries.
    String classpath = System.getProperty("surefire.test.class.path");
    if (classpath == null || classpath.isBlank()) {
      classpath = System.getProperty("java.class.path");
    }
    return String.join(File.pathSeparator, classpath.split(File.pathSeparator));
  }
}
