package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.sandbox.simulators.MimecastDlpLogs;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.sandbox.traffic.MixedTraffic;
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Memory with many users in live windows. Each of {@code --users} distinct users gets three events
 * inside every window they touch (all within {@code --window} of event time, default 10 minutes,
 * the shortest rule window): a failed Okta logon (the failed-login burst, the first step of
 * success-after-failures, risk, and the password-spray state of its source address, shared by ~4
 * users), a successful Okta logon (the second step of both sequence rules) and a Mimecast DLP block
 * (DLP repeat violations, risk). No user reaches a threshold, so every slot stays live and nothing
 * fires. The whole app (its own JVM) processes them; its peak RSS, state directory and live heap
 * are measured once it has drained everything.
 */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    description = {
      "Peak RSS, state size and live heap with many users in live rule windows.",
      "Example: ./sluice bench state --users 1000000 --json state.json"
    })
final class StateBench implements java.util.concurrent.Callable<Integer> {
  private static final ObjectMapper JSON = Report.JSON;
  static final int EVENTS_PER_USER = 3;

  @Mixin ClusterOptions options;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--users", defaultValue = "1000000", description = "default: ${DEFAULT-VALUE}")
  int users;

  @Option(
      names = "--window",
      defaultValue = "PT10M",
      description = "event-time span of all events, ISO-8601 (default: ${DEFAULT-VALUE})")
  Duration window;

  @Option(names = "--json", required = true, paramLabel = "FILE", description = "figures as JSON")
  File json;

  @Override
  public Integer call() throws Exception {
    String loadAtStart = Machine.loadAverage();
    Map<String, Object> report = new LinkedHashMap<>();
    try (Cluster cluster = Cluster.open(options, spec.commandLine())) {
      cluster.createSluiceTopics(options.partitions);
      long loadStart = System.nanoTime();
      long records = load(cluster);
      Map<TopicPartition, Long> inputEnds = TopicScan.ends(cluster, MixedTraffic.TOPICS);
      long inputOffsets = Progress.total(inputEnds);
      System.out.printf(
          Locale.ROOT,
          "%,d raw records for %,d users pre-loaded in %.1f s%n",
          records,
          users,
          (System.nanoTime() - loadStart) / 1e9);
      String appId = Cluster.PREFIX + UUID.randomUUID().toString().substring(0, 8) + "-state";
      List<JsonNode> results;
      Progress.Done done;
      try (AppSide app = AppSide.start(cluster, options, appId, true)) {
        done =
            Progress.await(
                cluster, appId, inputEnds, app.drainTopics(), app.workers(), Duration.ofHours(3));
        results = app.stop();
        app.cleanUp(cluster);
      }
      report.put("users", users);
      report.put("peak_rss_mb", sum(results, "peak_rss_mb"));
      report.put("state_mb", Math.round(sum(results, "state_mb") * 10) / 10.0);
      report.put("heap_live_mb", sum(results, "live_heap_mb"));
      // beyond the figures the issue asks for
      report.put("events", records);
      report.put("events_per_second", Math.round(done.recordsPerSecond(records, inputOffsets)));
      report.put("window", window.toString());
      report.put("peak_heap_mb", sum(results, "peak_heap_mb"));
      report.put(
          "app",
          Map.of(
              "instances", options.instances,
              "num.stream.threads", options.threads,
              "partitions", options.partitions,
              "worker_heap", options.workerHeap,
              "rocksdb.memory", "256MiB (default)"));
      report.put("machine", Machine.describe(loadAtStart));
      report.put("workers", results);
    }
    Report.write(json, report, report);
    return 0;
  }

  private static double sum(List<JsonNode> results, String field) {
    return results.stream().mapToDouble(r -> r.path(field).asDouble()).sum();
  }

  private static MixedTraffic.RawRecord raw(
      Random random, String topic, String value, Instant time) {
    return new MixedTraffic.RawRecord(
        topic, new UUID(random.nextLong(), random.nextLong()).toString(), value, time);
  }

  private static String login(
      Random random, Instant time, String user, String ip, boolean success) {
    return OktaEvents.login(
        new UUID(random.nextLong(), random.nextLong()), time, user, ip, success, "Dublin");
  }

  /** Writes the users' events as the connectors would, a transaction per page of each feed. */
  private long load(Cluster cluster) {
    RawLoad.loadVip(cluster);
    Map<String, Object> config = RawLoad.producerConfig(cluster);
    config.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, Cluster.PREFIX + "state-" + UUID.randomUUID());
    Instant start = Instant.now().minus(window).minus(RawLoad.FETCH_DELAY.multipliedBy(2));
    long step = Math.max(1, window.toMillis() * 1000 / ((long) users * EVENTS_PER_USER));
    Random random = new Random(8);
    int addresses = Math.max(1, users / 4);
    long count = 0;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      producer.initTransactions();
      List<MixedTraffic.RawRecord> page = new ArrayList<>(RawLoad.PAGE * EVENTS_PER_USER);
      for (int u = 0; u < users; u++) {
        String user = "user" + u + "@corp.example";
        int a = random.nextInt(addresses);
        String ip = "10." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
        Instant t = start.plusNanos(step * 1000 * (long) u * EVENTS_PER_USER);
        Instant t2 = t.plusNanos(step * 1000);
        Instant t3 = t2.plusNanos(step * 1000);
        page.add(raw(random, MixedTraffic.OKTA, login(random, t, user, ip, false), t));
        page.add(raw(random, MixedTraffic.OKTA, login(random, t2, user, ip, true), t2));
        page.add(
            raw(
                random,
                MixedTraffic.DLP,
                MimecastDlpLogs.dlp(user, "partner@vendor.example", "PII", "block", t3, u),
                t3));
        if (page.size() >= RawLoad.PAGE * EVENTS_PER_USER || u == users - 1) {
          // the Okta records, then the DLP ones: each a connector's pages of its own feed
          for (String topic : List.of(MixedTraffic.OKTA, MixedTraffic.DLP)) {
            producer.beginTransaction();
            for (MixedTraffic.RawRecord r : page) {
              if (r.topic().equals(topic)) {
                producer.send(RawLoad.record(r, r.time().plus(RawLoad.FETCH_DELAY)));
                count++;
              }
            }
            producer.commitTransaction();
          }
          page.clear();
        }
      }
    }
    return count;
  }
}
