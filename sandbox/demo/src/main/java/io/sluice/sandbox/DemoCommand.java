package io.sluice.sandbox;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.schemas.Alert;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.app.StreamsApp;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.metrics.PipelineMetrics;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice demo}: an in-process Kafka broker, an in-memory schema registry, the real streams
 * app with exactly-once, and a bundled sample of Okta sign-ins with one brute-force burst. Prints
 * each alert as one readable line and exits 0 once the expected alert has arrived.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run broker, registry, streams app and a sample feed in one process; print alerts.")
public final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--timeout",
      defaultValue = "120s",
      paramLabel = "DURATION",
      description = "Give up after this long (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "Directory of extra rule files (*.yaml).")
  Path rules;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Duration limit = Duration.parse("PT" + timeout.toUpperCase(java.util.Locale.ROOT));
    List<Rule> loaded = new RuleLoader().load(Optional.ofNullable(rules));
    Path stateDir = Files.createTempDirectory("sluice-demo-state");
    out.println("sluice demo: starting Kafka (in-process KRaft broker) ...");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      String registry = "mem://demo-" + UUID.randomUUID();
      SluiceConfig config =
          SluiceConfig.load(
              Optional.empty(),
              Map.of(),
              Map.of(
                  SluiceConfig.BOOTSTRAP_SERVERS,
                  kafka.bootstrapServers(),
                  SluiceConfig.SCHEMA_REGISTRY_URL,
                  registry,
                  SluiceConfig.APPLICATION_ID,
                  "sluice-demo",
                  SluiceConfig.STATE_DIR,
                  stateDir.toString(),
                  "kafka.commit.interval.ms",
                  "200"));
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      out.printf(
          "sluice demo: broker at %s, registry %s, %d rules; starting the streams app ...%n",
          kafka.bootstrapServers(), registry, loaded.size());
      try (StreamsApp app = StreamsApp.start(config, loaded, meters)) {
        if (!app.awaitRunning(limit)) {
          out.println("sluice demo: the streams app did not start: " + app.state());
          return 1;
        }
        SampleFeed.Sent sent = SampleFeed.publish(kafka.producerConfig(), Instant.now());
        out.printf(
            "sluice demo: published %d Okta System Log records (%d malformed) to raw.okta.system-log%n",
            sent.records(), sent.malformed());
        List<Alert> alerts = awaitAlerts(kafka, registry, limit);
        alerts.forEach(a -> out.println(AlertLine.format(a)));
        PipelineMetrics metrics = new PipelineMetrics(meters);
        out.printf(
            "sluice demo: raw=%.0f canonical=%.0f dead-lettered=%.0f alerts=%d%n",
            metrics.count("sluice_raw_records", "source", "okta.system-log"),
            metrics.count(
                "sluice_canonical_events", "source", "okta.system-log", "class", "authentication"),
            metrics.count("sluice_dead_letters", "source", "okta.system-log", "reason", "not_json"),
            alerts.size());
        return alerts.isEmpty() ? 1 : 0;
      }
    } finally {
      deleteRecursively(stateDir);
    }
  }

  /** Reads alerts (read_committed) until the expected one arrives and the topic is quiet. */
  private static List<Alert> awaitAlerts(EmbeddedKafka kafka, String registry, Duration limit) {
    Map<String, Object> props = new HashMap<>(kafka.consumerConfig("sluice-demo-printer"));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<Alert> alerts = new ArrayList<>();
    try (KafkaConsumer<String, Alert> consumer =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            AvroSerdes.specific(Alert.class, Map.of("schema.registry.url", registry), false)
                .deserializer())) {
      consumer.subscribe(List.of("alerts.authentication"));
      long deadline = System.nanoTime() + limit.toNanos();
      int quietPolls = 0;
      while (System.nanoTime() < deadline && (alerts.isEmpty() || quietPolls < 3)) {
        var records = consumer.poll(Duration.ofMillis(500));
        quietPolls = records.isEmpty() ? quietPolls + 1 : 0;
        for (ConsumerRecord<String, Alert> record : records) {
          alerts.add(record.value());
        }
      }
    }
    return alerts;
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("sluice demo: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
