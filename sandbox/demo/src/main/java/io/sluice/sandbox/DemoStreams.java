package io.sluice.sandbox;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.streams.app.StreamsApp;
import io.sluice.streams.app.TopicAdmin;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The demo's streams app on the in-process broker: Sluice's topics and the VIP list first (so the
 * VIP table is read in full before any record is enriched), then the real app with its HTTP server
 * on a free loopback port.
 */
public final class DemoStreams {
  private DemoStreams() {}

  /** Creates the topics, publishes the VIPs and starts the app serving HTTP. */
  public static StreamsApp start(
      EmbeddedKafka kafka,
      String registry,
      Path stateDir,
      List<Rule> rules,
      PrometheusMeterRegistry meters)
      throws Exception {
    SluiceConfig config = config(kafka, registry, stateDir);
    prepare(kafka, config.topicPartitions());
    return StreamsApp.startServing(config, rules, meters);
  }

  /** Sluice's topics, as {@code ./sluice topics create} makes them, and the VIP list. */
  public static void prepare(EmbeddedKafka kafka, int partitions) throws Exception {
    TopicAdmin.createMissing(kafka.bootstrapServers(), Map.of(), Topics.all(partitions));
    publishVips(kafka);
  }

  private static SluiceConfig config(EmbeddedKafka kafka, String registry, Path stateDir) {
    return SluiceConfig.load(
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
            SluiceConfig.HTTP_HOST,
            "127.0.0.1",
            SluiceConfig.HTTP_PORT,
            "0",
            "kafka.commit.interval.ms",
            "200"));
  }

  /** reference.vip-users, as {@code ./sluice vip add} writes it. */
  private static void publishVips(EmbeddedKafka kafka) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
      for (Map.Entry<String, String> vip : DemoScenario.VIPS.entrySet()) {
        producer
            .send(
                new ProducerRecord<>(
                    Topics.VIP_USERS,
                    vip.getKey().getBytes(StandardCharsets.UTF_8),
                    vip.getValue().getBytes(StandardCharsets.UTF_8)))
            .get();
      }
    }
  }
}
