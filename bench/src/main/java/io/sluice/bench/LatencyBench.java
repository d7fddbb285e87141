package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.sandbox.traffic.MixedTraffic;
import io.sluice.streams.topology.Topics;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Raw event → alert latency at a fixed input rate. The whole app runs (its own JVM); the bench
 * appends {@link MixedTraffic} (all nine feeds, attacks mixed in) to the raw topics at {@code
 * --rate} records per second and notes when each record's append was acknowledged. A {@code
 * read_committed} consumer of {@code alerts.ocsf-json} notes when each alert becomes visible. An
 * alert's latency is that moment minus the append time of its newest evidence — the event that
 * crossed the threshold (its raw topic, partition and offset are in the alert's evidence).
 *
 * <p>Records are appended one by one without transactions (a connector's page of 1,000 would arrive
 * at once, which measures the page size, not the pipeline); event times trail the wall clock by 15
 * minutes, as from a connector polling a vendor's log.
 *
 * <p>A pipeline runs for months, so what is timed is the app warm: by default it first makes the
 * pipeline bench's {@link Warmup} passes over a pre-loaded input of its own, in the JVM it is then
 * measured in, until its JIT has settled; the raw topics are then emptied, the measured pass starts
 * under the run's application id with empty state, and only then do the timed appends begin.
 * Without it ({@code --no-jit-warmup}) the app compiles its code while the first minutes of input
 * arrive and the backlog built then is what the percentiles show.
 */
@Command(
    name = "latency",
    mixinStandardHelpOptions = true,
    description = {
      "Raw append → alert visible (read_committed) at a fixed input rate.",
      "Example: ./sluice bench latency --rate 5000 --seconds 120 --json latency.json"
    })
final class LatencyBench implements java.util.concurrent.Callable<Integer> {
  private static final ObjectMapper JSON = Report.JSON;
  private static final Duration EVENT_LAG = Duration.ofMinutes(15);
  private static final Duration WARMUP_TIMEOUT = Duration.ofMinutes(60);

  @Mixin ClusterOptions options;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--rate",
      defaultValue = "5000",
      description = "records/s (default: ${DEFAULT-VALUE})")
  int rate;

  @Option(names = "--seconds", defaultValue = "120", description = "default: ${DEFAULT-VALUE}")
  int seconds;

  @Option(
      names = "--warmup",
      defaultValue = "15",
      description =
          "seconds at the start whose alerts are not counted (JIT, first commits; default:"
              + " ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--jit-warmup",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "before the measured appends, the app makes unmeasured passes over --warmup-events"
              + " pre-loaded events in the JVM it is then measured in, until its JIT has settled (as"
              + " the pipeline bench does); the raw topics are then emptied. --no-jit-warmup"
              + " measures a fresh JVM (default: ${DEFAULT-VALUE})")
  boolean jitWarmup;

  @Option(
      names = "--warmup-events",
      defaultValue = "100000",
      description = "events of each JIT warm-up pass (default: ${DEFAULT-VALUE})")
  int warmupEvents;

  @Option(
      names = "--warmup-max",
      defaultValue = "600",
      paramLabel = "SECONDS",
      description =
          "end the JIT warm-up after this long even if the JIT has not settled (default:"
              + " ${DEFAULT-VALUE})")
  long warmupMaxSeconds;

  @Option(names = "--users", defaultValue = "5000", description = "default: ${DEFAULT-VALUE}")
  int users;

  @Option(names = "--seed", defaultValue = "8", description = "default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--json", required = true, paramLabel = "FILE", description = "figures as JSON")
  File json;

  private record Ref(String topic, int partition, long offset) {}

  private record Seen(Outputs.SeenAlert alert, long visibleMs) {}

  @Override
  public Integer call() throws Exception {
    String loadAtStart = Machine.loadAverage();
    MixedTraffic.Traffic traffic;
    Map<Ref, Long> appended = new ConcurrentHashMap<>();
    List<Seen> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    long sendNanos;
    long sendStartMs;
    int sent = 0;
    long behindMs = 0;
    List<JsonNode> workerResults;
    try (Cluster cluster = Cluster.open(options, spec.commandLine())) {
      cluster.createSluiceTopics(options.partitions);
      RawLoad.loadVip(cluster);
      Map<TopicPartition, Long> warmupEnds = jitWarmup ? preloadWarmup(cluster) : Map.of();
      String appId = Cluster.PREFIX + UUID.randomUUID().toString().substring(0, 8) + "-latency";
      try (AppSide app = AppSide.start(cluster, options, appId, true, jitWarmup)) {
        if (jitWarmup) {
          app.warmUp(
              cluster,
              warmupEnds,
              WARMUP_TIMEOUT,
              Duration.ofSeconds(warmupMaxSeconds),
              () -> cluster.truncate(MixedTraffic.TOPICS));
        }
        awaitStable(cluster, appId, app, options.instances * options.threads);
        Instant wallStart = Instant.now();
        traffic =
            MixedTraffic.generate(
                seed,
                rate * seconds,
                users,
                wallStart.minus(EVENT_LAG),
                Duration.ofSeconds(seconds));
        AtomicBoolean stop = new AtomicBoolean();
        Thread reader = new Thread(() -> readAlerts(cluster, seen, stop), "alert-reader");
        reader.start();
        try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(RawLoad.producerConfig(cluster))) {
          long t0 = System.nanoTime();
          sendStartMs = System.currentTimeMillis();
          for (MixedTraffic.RawRecord r : traffic.records()) {
            long due = t0 + (long) (sent * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
              LockSupport.parkNanos(wait);
            } else {
              behindMs = Math.max(behindMs, -wait / 1_000_000);
            }
            Instant now = Instant.now();
            ProducerRecord<byte[], byte[]> record =
                RawLoad.record(r, r.time().isAfter(now) ? r.time() : now);
            producer.send(
                record,
                (md, e) -> {
                  if (e == null) {
                    appended.put(
                        new Ref(md.topic(), md.partition(), md.offset()),
                        System.currentTimeMillis());
                  }
                });
            sent++;
          }
          producer.flush();
          sendNanos = System.nanoTime() - t0;
        }
        // let the app finish what it was sent: every expected alert, or 60 s
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !allSeen(traffic.expected(), seen)) {
          Thread.sleep(200);
        }
        stop.set(true);
        reader.join();
        workerResults = app.stop();
        app.cleanUp(cluster);
      }
    }
    long measureFrom = sendStartMs + TimeUnit.SECONDS.toMillis(warmup);
    List<Long> latencies = new ArrayList<>();
    int unmatched = 0;
    synchronized (seen) {
      for (Seen s : seen) {
        var ref = s.alert.newest();
        Long at =
            ref.isEmpty()
                ? null
                : appended.get(
                    new Ref(ref.get().topic(), ref.get().partition(), ref.get().offset()));
        if (at == null) {
          unmatched++;
        } else if (at >= measureFrom) {
          latencies.add(s.visibleMs - at);
        }
      }
    }
    latencies.sort(Long::compare);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("rate", rate);
    report.put("p50_ms", percentile(latencies, 0.50));
    report.put("p99_ms", percentile(latencies, 0.99));
    report.put("max_ms", latencies.isEmpty() ? null : latencies.get(latencies.size() - 1));
    report.put("alerts_seen", seen.size());
    // beyond the figures the issue asks for
    report.put("alerts_measured", latencies.size());
    report.put("alerts_without_evidence_ref", unmatched);
    Set<MixedTraffic.ExpectedAlert> kinds = new java.util.HashSet<>();
    seen.forEach(s -> kinds.add(s.alert.key()));
    report.put(
        "alerts_expected_seen",
        traffic.expected().stream().filter(kinds::contains).count()
            + " of "
            + traffic.expected().size());
    report.put("achieved_rate", Math.round(sent / (sendNanos / 1e9)));
    report.put("sender_max_behind_ms", behindMs);
    report.put("seconds", seconds);
    report.put("warmup_seconds", warmup);
    Map<String, Object> jit = new LinkedHashMap<>();
    jit.put("enabled", jitWarmup);
    if (jitWarmup) {
      jit.put("events_per_pass", warmupEvents);
      jit.put("max_seconds", warmupMaxSeconds);
      jit.put("passes", workerResults.stream().map(r -> r.path("warmup_passes").asInt()).toList());
    }
    // what the JIT still compiled while the measured appends ran, per instance
    jit.put("measured_jit_ms", workerResults.stream().map(r -> r.path("jit_ms").asLong()).toList());
    report.put("jit_warmup", jit);
    report.put("users", users);
    report.put(
        "app",
        Map.of(
            "instances", options.instances,
            "num.stream.threads", options.threads,
            "partitions", options.partitions,
            "worker_heap", options.workerHeap));
    report.put("machine", Machine.describe(loadAtStart));
    Report.write(json, report, report);
    return 0;
  }

  /**
   * Pre-loads the JIT warm-up passes' input (its own seed, as the connectors write it, event times
   * ending now) and returns where the raw topics end.
   */
  private Map<TopicPartition, Long> preloadWarmup(Cluster cluster) {
    Duration span = Duration.ofHours(4);
    Instant start = Instant.now().minus(span).minus(RawLoad.FETCH_DELAY.multipliedBy(2));
    RawLoad.Loaded loaded =
        RawLoad.preload(cluster, MixedTraffic.generate(seed + 1, warmupEvents, users, start, span));
    System.out.printf(
        Locale.ROOT, "%,d raw records pre-loaded for the JIT warm-up passes%n", loaded.records());
    return TopicScan.ends(cluster, MixedTraffic.TOPICS);
  }

  private static boolean allSeen(Set<MixedTraffic.ExpectedAlert> expected, List<Seen> seen) {
    Set<MixedTraffic.ExpectedAlert> got = new java.util.HashSet<>();
    synchronized (seen) {
      seen.forEach(s -> got.add(s.alert.key()));
    }
    return got.containsAll(expected);
  }

  /**
   * Waits until the app's group is stable with all its {@code members} (one per stream thread of
   * every instance) and their partitions: start-up is not latency, and an instance that joined late
   * would move partitions while alerts are timed.
   */
  private static void awaitStable(Cluster cluster, String appId, AppSide app, int members)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      for (Worker w : app.workers()) {
        if (!w.isAlive()) {
          throw new IllegalStateException("the app exited with " + w.exitValue());
        }
      }
      ConsumerGroupDescription d;
      try {
        d =
            cluster
                .admin()
                .describeConsumerGroups(List.of(appId))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(appId);
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
          throw e;
        }
        Thread.sleep(200); // Kafka 4 answers "not found" until the first member joins
        continue;
      }
      if (d.groupState() == GroupState.STABLE && d.members().size() >= members) {
        Thread.sleep(2_000);
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(appId + " did not join its group within 3 minutes");
  }

  private static void readAlerts(Cluster cluster, List<Seen> seen, AtomicBoolean stop) {
    Map<String, Object> config = cluster.clientConfig();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.OCSF_ALERTS, Duration.ofMinutes(1)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolve the end now, before any alert
      while (!stop.get()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
          seen.add(new Seen(Outputs.alert(r.value()), System.currentTimeMillis()));
        }
      }
    }
  }

  private static Long percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return null;
    }
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  static String describe(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }
}
