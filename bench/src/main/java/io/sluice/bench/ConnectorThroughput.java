package io.sluice.bench;

import io.sluice.connectors.app.ConnectorRuntime;
import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.Checkpoint;
import io.sluice.connectors.okta.OktaConnectorFactory;
import io.sluice.connectors.okta.OktaSystemLogFeed;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.sandbox.simulators.OktaSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * One Okta connector draining the Okta simulator into {@code raw.okta.system-log} on the in-process
 * broker (issue 5: at least 20k records/s into Kafka on the 2-core machine).
 *
 * <p>Everything runs in this JVM: broker, simulator (over real HTTP on 127.0.0.1) and the connector
 * with its transactional publisher, exactly as {@code sluice connector okta} wires it. Progress is
 * read from the connector's own committed checkpoints (read_committed), which move in the same
 * transaction as the records they cover; the simulator's cursor is the index of the next event, so
 * each checkpoint says how many records are committed. Each run uses a fresh connector id (a fresh
 * backfill from {@code since}); at the end of a run the records it added to the topic are counted.
 *
 * <pre>
 * java -cp "bench/target/sluice-bench.jar:bench/target/lib/*" io.sluice.bench.ConnectorThroughput \
 *     [--events 200000] [--runs 3] [--limit 1000]
 * </pre>
 */
public final class ConnectorThroughput {
  private static final String TOKEN = "00bench-okta-api-token-0123456789abcdef";
  private static final String CHECKPOINTS = "sluice.connector-checkpoints";
  private static final Pattern AFTER = Pattern.compile("[?&]after=([A-Za-z0-9_-]+)");
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private ConnectorThroughput() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int events = args.integer("events", 200_000);
    int runs = args.integer("runs", 3);
    int limit = args.integer("limit", 1000);

    Instant start = Instant.now().minus(Duration.ofHours(20));
    List<String> scenario =
        OktaEvents.benignLogins(7, events, start, Duration.ofHours(20).dividedBy(events));
    long bytes = scenario.stream().mapToLong(e -> e.getBytes(StandardCharsets.UTF_8).length).sum();
    System.out.printf(
        Locale.ROOT,
        "ConnectorThroughput: %,d Okta events (avg %d bytes), page limit %d, %d runs%n",
        events,
        bytes / events,
        limit,
        runs);

    List<Double> rates = new ArrayList<>();
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        OktaSimulator okta = OktaSimulator.start(TOKEN, scenario)) {
      // as the connector would create them (3 partitions), but before any consumer asks for them
      kafka.createTopics(3, OktaSystemLogFeed.TOPIC);
      kafka.createCompactedTopic(CHECKPOINTS, 1);
      for (int run = 1; run <= runs; run++) {
        String connectorId = "bench-okta-" + run;
        Map<TopicPartition, Long> before = RecordCounts.endOffsets(kafka, OktaSystemLogFeed.TOPIC);
        ConnectorRuntime runtime = runtime(kafka, okta, connectorId, limit);
        Thread thread = new Thread(runtime::run, "bench-connector-" + run);
        thread.setDaemon(true);
        long launched = System.nanoTime();
        thread.start();
        Throughput t;
        try {
          t = awaitCheckpoint(kafka, connectorId, events);
        } finally {
          runtime.stop(Duration.ofSeconds(10));
        }
        long landed = RecordCounts.committedSince(kafka, OktaSystemLogFeed.TOPIC, before);
        rates.add(t.recordsPerSecond());
        System.out.printf(
            Locale.ROOT,
            "run %d: %,.0f records/s (%,d records in %.2f s after the first commit; %.2f s from"
                + " launch; %,d records landed in the topic)%n",
            run,
            t.recordsPerSecond(),
            t.lastCount() - t.firstCount(),
            t.seconds(),
            (t.lastNanos() - launched) / 1e9,
            landed);
        if (landed != events) {
          throw new IllegalStateException("expected " + events + " records, found " + landed);
        }
      }
    }
    System.out.println("ConnectorThroughput records/s: median " + Stats.summary(rates));
  }

  private static ConnectorRuntime runtime(
      EmbeddedKafka kafka, OktaSimulator okta, String connectorId, int limit) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(ConnectorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    flags.put(ConnectorConfig.BASE_URL, okta.baseUrl().toString());
    flags.put(ConnectorConfig.CONNECTOR_ID, connectorId);
    flags.put(ConnectorConfig.SINCE, "1d");
    flags.put(ConnectorConfig.POLL_INTERVAL, "100ms");
    flags.put(ConnectorConfig.HTTP_PORT, "-1");
    flags.put(ConnectorConfig.RATE_LIMIT, "unlimited");
    flags.put(OktaConnectorFactory.LIMIT, Integer.toString(limit));
    OktaConnectorFactory factory = new OktaConnectorFactory();
    ConnectorConfig config =
        ConnectorConfig.load(factory.defaults(), Optional.empty(), Map.of(), flags);
    return new ConnectorRuntime(
        factory, config, Map.of(OktaConnectorFactory.TOKEN_ENV, TOKEN), Clock.systemUTC());
  }

  /** Follows the connector's committed checkpoints until they cover {@code events} records. */
  private static Throughput awaitCheckpoint(EmbeddedKafka kafka, String connectorId, int events) {
    byte[] key = Checkpoint.key(connectorId, OktaSystemLogFeed.SOURCE).getBytes(UTF8);
    Map<String, Object> config = kafka.consumerConfig("unused");
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    long firstCount = -1;
    long firstNanos = 0;
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(CHECKPOINTS, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (true) {
        checkDeadline(deadline);
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
          if (r.key() == null || !java.util.Arrays.equals(r.key(), key)) {
            continue;
          }
          long committed = committedRecords(Checkpoint.fromJson(r.value()).position());
          long now = System.nanoTime();
          if (firstCount < 0) {
            firstCount = committed;
            firstNanos = now;
          }
          if (committed >= events) {
            return new Throughput(firstCount, firstNanos, committed, now);
          }
        }
      }
    }
  }

  /** The simulator's cursor is {@code base64url("sim:" + index of the next event)}. */
  static long committedRecords(String position) {
    Matcher m = AFTER.matcher(position);
    if (!m.find()) {
      return 0; // the initial `since` request: nothing committed yet
    }
    String cursor = new String(Base64.getUrlDecoder().decode(m.group(1)), UTF8);
    return Long.parseLong(cursor.substring(cursor.indexOf(':') + 1));
  }

  private static void checkDeadline(long deadline) {
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("connector did not finish within " + RUN_TIMEOUT);
    }
  }
}
