package io.sluice.bench;

import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.simulators.OktaEvents;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;

/**
 * DESIGN §10's end-to-end load run: raw Okta events pre-loaded into {@code raw.okta.system-log} (3
 * partitions) of a fresh broker per run, then, on that broker, (a) the transactional
 * consume→produce copy of that topic and (b) the whole Sluice streams app (built-in rules, dedup,
 * risk, exactly_once_v2). Target: (b) at ≥ 0.35× (a).
 *
 * <p>Each side runs in a JVM of its own ({@link PipelineWorker}, same class path) so that its heap
 * is not the broker's. Progress is the side's consumer group: offsets it committed in its
 * transactions, read from the broker every 100 ms. A side is done when its committed offsets on the
 * input reach the input's end and, for the app, every other topic it reads (canonical topics,
 * alerts, repartition topics) is drained too; records/s count from the first to that last
 * observation, so start-up is excluded. After each app run the records it wrote to {@code
 * canonical.authentication} are counted: every input event must be there.
 *
 * <pre>
 * java -cp "bench/target/sluice-bench.jar:bench/target/lib/*" io.sluice.bench.PipelineThroughput \
 *     [--events 1000000] [--runs 3] [--worker-heap 1g] [--worker-jvm-args "..."]
 * </pre>
 */
public final class PipelineThroughput {
  static final String RAW = "raw.okta.system-log";
  static final String CANONICAL = "canonical.authentication";
  private static final Pattern UUID = Pattern.compile("\"uuid\":\"([^\"]+)\"");
  private static final int CHUNK = 10_000;

  /** {@code -Dsluice.bench.trace=true}: print each side's committed offsets every second. */
  private static final boolean TRACE = Boolean.getBoolean("sluice.bench.trace");

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);

  private PipelineThroughput() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int events = args.integer("events", 1_000_000);
    int runs = args.integer("runs", 3);
    // distinct accounts in the benign traffic; 0 = the simulator's usual 8 (a worst case: every
    // user then has thousands of sign-ins inside the rules' windows)
    int users = args.integer("users", 5_000);
    String workerHeap = args.string("worker-heap", "1g");
    // e.g. "-XX:StartFlightRecording=filename=streams.jfr,settings=profile" to profile the sides
    String workerJvmArgs = args.string("worker-jvm-args", "");

    List<Double> copyRates = new ArrayList<>();
    List<Double> appRates = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      // A fresh broker per run: the app of a later run would otherwise read the earlier run's
      // canonical records, whose Avro schema ids only that run's in-memory registry knew.
      try (EmbeddedKafka kafka = EmbeddedKafka.start();
          Admin admin =
              Admin.create(
                  Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        kafka.createTopics(3, RAW);
        long loadStart = System.nanoTime();
        long[] loaded = preload(kafka, events, users);
        long n = loaded[0];
        System.out.printf(
            Locale.ROOT,
            "run %d: %,d raw Okta events (avg %d bytes) pre-loaded into %s in %.1f s;"
                + " worker heap %s%n",
            run,
            n,
            loaded[1] / n,
            RAW,
            (System.nanoTime() - loadStart) / 1e9,
            workerHeap);
        String copyGroup = "bench-copy";
        String copyTopic = "bench.copy";
        kafka.createTopics(3, copyTopic);
        Side copy =
            measure(
                admin,
                kafka,
                n,
                copyGroup,
                false,
                workerHeap,
                workerJvmArgs,
                "copy",
                copyGroup,
                copyTopic);
        copyRates.add(copy.throughput.recordsPerSecond());
        System.out.printf(Locale.ROOT, "run %d copy:    %s%n", run, copy);

        String appId = "bench-sluice";
        Path stateDir = Files.createTempDirectory("sluice-bench-state-");
        Side app =
            measure(
                admin,
                kafka,
                n,
                appId,
                true,
                workerHeap,
                workerJvmArgs,
                "streams",
                appId,
                stateDir.toString());
        long canonical = RecordCounts.committedSince(kafka, CANONICAL, Map.of());
        Utils.delete(stateDir.toFile());
        appRates.add(app.throughput.recordsPerSecond());
        double ratio = app.throughput.recordsPerSecond() / copy.throughput.recordsPerSecond();
        ratios.add(ratio);
        System.out.printf(
            Locale.ROOT, "run %d streams: %s; %,d records in %s%n", run, app, canonical, CANONICAL);
        System.out.printf(Locale.ROOT, "run %d ratio streams/copy: %.2f%n", run, ratio);
        if (canonical != n) {
          System.out.printf(
              Locale.ROOT, "WARNING: expected %,d canonical records, found %,d%n", n, canonical);
        }
      }
    }
    System.out.println("copy records/s:    median " + Stats.summary(copyRates));
    System.out.println("streams records/s: median " + Stats.summary(appRates));
    System.out.println("ratio:             median " + Stats.ratios(ratios));
  }

  /**
   * Writes about {@code events} raw events as the connector would (key = uuid, its headers, zstd):
   * benign logins spread over the last 20 hours, with a brute-force burst every 100k events so that
   * rules fire. Returns the exact count and the bytes of the values.
   */
  private static long[] preload(EmbeddedKafka kafka, int events, int users) throws Exception {
    Map<String, Object> config = kafka.producerConfig();
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    Duration span = Duration.ofHours(20);
    Duration spacing = span.dividedBy(events);
    Instant start = Instant.now().minus(span);
    long count = 0;
    long bytes = 0;
    byte[] source = "okta.system-log".getBytes(StandardCharsets.UTF_8);
    byte[] connector = "bench-preload".getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      for (int chunk = 0; chunk * CHUNK < events; chunk++) {
        Instant chunkStart = start.plus(spacing.multipliedBy((long) chunk * CHUNK));
        List<String> batch =
            new ArrayList<>(
                OktaEvents.benignLogins(
                    1000 + chunk,
                    Math.min(CHUNK, events - chunk * CHUNK),
                    chunkStart,
                    spacing,
                    users));
        if (chunk % 10 == 5) {
          batch.addAll(
              OktaEvents.bruteForce(
                  chunk,
                  "ann@corp.example",
                  "198.51.100." + (chunk % 250),
                  12,
                  chunkStart,
                  Duration.ofSeconds(2)));
        }
        byte[] fetched = chunkStart.toString().getBytes(StandardCharsets.UTF_8);
        for (String event : batch) {
          Matcher m = UUID.matcher(event);
          if (!m.find()) {
            throw new IllegalStateException("no uuid in " + event);
          }
          RecordHeaders headers = new RecordHeaders();
          headers.add("sluice.source", source);
          headers.add("sluice.fetched-at", fetched);
          headers.add("sluice.connector", connector);
          byte[] value = event.getBytes(StandardCharsets.UTF_8);
          producer.send(
              new ProducerRecord<>(
                  RAW, null, m.group(1).getBytes(StandardCharsets.UTF_8), value, headers));
          count++;
          bytes += value.length;
        }
      }
      producer.flush();
    }
    return new long[] {count, bytes};
  }

  /** One side's figures. */
  record Side(Throughput throughput, double inputSeconds, String workerResult) {
    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%,.0f records/s (%,d records in %.2f s after the first commit; input consumed after"
              + " %.2f s) %s",
          throughput.recordsPerSecond(),
          throughput.lastCount() - throughput.firstCount(),
          throughput.seconds(),
          inputSeconds,
          workerResult);
    }
  }

  private static Side measure(
      Admin admin,
      EmbeddedKafka kafka,
      long n,
      String group,
      boolean drainOtherTopics,
      String heap,
      String workerJvmArgs,
      String... workerArgs)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    for (String arg : workerJvmArgs.split(" ")) {
      if (!arg.isBlank()) {
        command.add(arg);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PipelineWorker.class.getName());
    command.add(workerArgs[0]);
    command.add(kafka.bootstrapServers());
    command.add(workerArgs[1]);
    command.add(RAW);
    command.add(workerArgs[2]);
    Process worker =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> resultLine(worker));
    try {
      Drained d = awaitDrained(admin, group, n, drainOtherTopics, worker);
      try (Writer stdin =
          new OutputStreamWriter(worker.getOutputStream(), StandardCharsets.UTF_8)) {
        stdin.write("stop\n");
      }
      String line = result.get(2, TimeUnit.MINUTES);
      worker.waitFor(1, TimeUnit.MINUTES);
      return new Side(d.throughput(), d.inputSeconds(), line.replaceFirst("^RESULT ", ""));
    } finally {
      worker.destroyForcibly();
    }
  }

  private static String resultLine(Process worker) {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      String result = "(no result)";
      while ((line = out.readLine()) != null) {
        if (line.startsWith("RESULT ")) {
          result = line;
        }
      }
      return result;
    } catch (IOException e) {
      return "(no result: " + e.getMessage() + ")";
    }
  }

  /**
   * Polls the group's committed offsets until the input is consumed to {@code n} and, if asked,
   * every other topic the group reads has no more than one offset of lag per partition (the commit
   * marker of the last transaction written to it).
   */
  /** The throughput to the end, and when the input alone was consumed. */
  record Drained(Throughput throughput, long inputDoneNanos) {
    double inputSeconds() {
      return (inputDoneNanos - throughput.firstNanos()) / 1e9;
    }
  }

  private static Drained awaitDrained(
      Admin admin, String group, long n, boolean drainOtherTopics, Process worker)
      throws Exception {
    long firstCount = -1;
    long firstNanos = 0;
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    long lastTrace = 0;
    long inputDone = 0;
    while (System.nanoTime() < deadline) {
      if (!worker.isAlive()) {
        throw new IllegalStateException("worker exited with " + worker.exitValue());
      }
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      long now = System.nanoTime();
      long input = 0;
      Map<TopicPartition, OffsetSpec> others = new HashMap<>();
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
        if (e.getValue() == null) {
          continue;
        }
        if (e.getKey().topic().equals(RAW)) {
          input += e.getValue().offset();
        } else {
          others.put(e.getKey(), OffsetSpec.latest());
        }
      }
      if (input > 0 && firstCount < 0) {
        firstCount = input;
        firstNanos = now;
      }
      if (TRACE && now - lastTrace > 1_000_000_000L) {
        lastTrace = now;
        System.err.printf(
            Locale.ROOT, "progress %s: input %,d of %,d; %s%n", group, input, n, committed);
      }
      if (input >= n && inputDone == 0) {
        inputDone = now;
      }
      if (input >= n && (!drainOtherTopics || drained(admin, committed, others))) {
        return new Drained(new Throughput(firstCount, firstNanos, input, now), inputDone);
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(group + " did not finish within " + RUN_TIMEOUT);
  }

  private static boolean drained(
      Admin admin,
      Map<TopicPartition, OffsetAndMetadata> committed,
      Map<TopicPartition, OffsetSpec> others)
      throws Exception {
    if (others.isEmpty()) {
      return false; // the app reads canonical topics too; not committed there yet
    }
    var ends =
        admin
            .listOffsets(others, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .all()
            .get();
    for (var e : ends.entrySet()) {
      if (e.getValue().offset() - committed.get(e.getKey()).offset() > 1) {
        return false;
      }
    }
    return true;
  }
}
