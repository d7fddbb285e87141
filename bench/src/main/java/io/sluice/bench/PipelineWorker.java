package io.sluice.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.streams.app.StreamsApp;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * One measured side of a load run, in a JVM of its own so that its heap and resident memory are its
 * own and not the broker's or the bench's: the transactional copy, or one instance of the Sluice
 * streams app. It runs until a line {@code stop} (or end of input) arrives on stdin, then prints
 * one line {@code RESULT <json>} (peak and live heap, peak RSS, state directory size, transactions
 * committed) and exits. With {@code --warmup true} it first makes unmeasured {@link Warmup} passes,
 * each under its own id, and starts the measured one when told to.
 *
 * <p>Arguments: {@code --mode copy|streams --flags <json>} where the flags are the app's settings
 * ({@link SluiceConfig} keys: bootstrap servers, application id, state dir, {@code detect.enabled},
 * {@code kafka.*}, …); the copy takes the same flags, derives its client settings from them ({@link
 * ClientSettings}) and also {@code --inputs t1,t2,… --output-prefix P}.
 */
public final class PipelineWorker {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PipelineWorker() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    String mode = args.string("mode", "");
    Map<String, String> flags =
        JSON.readValue(args.string("flags", "{}"), new TypeReference<Map<String, String>>() {});
    HeapSampler heap = HeapSampler.start();
    Parent parent = Parent.listen();
    Map<String, Object> result = new LinkedHashMap<>();
    if (Boolean.parseBoolean(args.string("warmup", "false"))) {
      int passes = warmUp(mode, flags, args, parent);
      result.put("warmup_passes", passes);
      heap.peakUsed.set(0);
      resetPeakRss();
    }
    long jitBefore = jitMs();
    run(mode, flags, args, parent.stop, result);
    result.put("jit_ms", jitMs() - jitBefore);
    heap.stop();
    result.put("peak_heap_mb", heap.peakUsed.get() >> 20);
    result.put("peak_rss_mb", peakRssKb() >> 10);
    System.out.println("RESULT " + JSON.writeValueAsString(result));
    System.out.flush();
    System.exit(0);
  }

  /**
   * {@link Warmup} passes, each under its own id and state directory, until the parent says {@link
   * Warmup#START}; after each, prints {@link Warmup#DONE} with the milliseconds the JIT compiled
   * during it.
   *
   * @return how many passes were made
   */
  private static int warmUp(String mode, Map<String, String> flags, Args args, Parent parent)
      throws Exception {
    for (int pass = 1; ; pass++) {
      Map<String, String> warm = new HashMap<>(flags);
      warm.put(
          SluiceConfig.APPLICATION_ID, Warmup.idOf(flags.get(SluiceConfig.APPLICATION_ID), pass));
      Path warmState = null;
      if (flags.containsKey(SluiceConfig.STATE_DIR)) {
        warmState =
            Files.createTempDirectory(
                Path.of(flags.get(SluiceConfig.STATE_DIR)).getFileName() + "-warmup-");
        warm.put(SluiceConfig.STATE_DIR, warmState.toString());
      }
      long jitBefore = jitMs();
      run(mode, warm, args, parent.passOver, new LinkedHashMap<>());
      if (warmState != null) {
        Utils.delete(warmState.toFile());
      }
      System.out.println(Warmup.DONE + " " + (jitMs() - jitBefore));
      System.out.flush();
      if (!parent.next.take().equals(Warmup.AGAIN)) {
        return pass;
      }
    }
  }

  /** Milliseconds the JIT compilers have spent so far (summed over their threads). */
  private static long jitMs() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : 0;
  }

  private static void run(
      String mode,
      Map<String, String> flags,
      Args args,
      AtomicBoolean stop,
      Map<String, Object> result)
      throws InterruptedException {
    switch (mode) {
      case "copy" ->
          copy(
              flags,
              List.of(args.string("inputs", "").split(",")),
              args.string("output-prefix", ""),
              stop,
              result);
      case "streams" -> streams(flags, stop, result);
      default -> throw new IllegalArgumentException("--mode must be copy or streams, got " + mode);
    }
  }

  /**
   * The parent's words on stdin: {@link Warmup#END} ends a warm-up pass, {@link Warmup#AGAIN}
   * starts another, {@link Warmup#START} the measured one, {@code stop} (or the end of input: the
   * parent went away) ends it.
   */
  private static final class Parent {
    /** Set by {@link Warmup#END}: the current warm-up pass is over. */
    final AtomicBoolean passOver = new AtomicBoolean();

    /** {@link Warmup#AGAIN} or {@link Warmup#START}, once per warm-up pass; "stop" at the end. */
    final BlockingQueue<String> next = new LinkedBlockingQueue<>();

    final AtomicBoolean stop = new AtomicBoolean();

    static Parent listen() {
      Parent parent = new Parent();
      Thread stdin =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = in.readLine()) != null && !line.strip().equals("stop")) {
                    String word = line.strip();
                    if (word.equals(Warmup.END)) {
                      parent.passOver.set(true);
                    } else if (word.equals(Warmup.AGAIN) || word.equals(Warmup.START)) {
                      parent.passOver.set(false);
                      parent.next.add(word);
                    }
                  }
                } catch (IOException e) {
                  // the parent went away: stop as well
                }
                parent.passOver.set(true);
                parent.stop.set(true);
                parent.next.add("stop");
              },
              "worker-stdin");
      stdin.setDaemon(true);
      stdin.start();
      return parent;
    }
  }

  /**
   * docs/design.md §10's baseline: a read_committed consumer and a transactional producer with the
   * app's own client settings; every record to the same partition of {@code <prefix><input topic>},
   * with its key, value, timestamp and headers; the consumed offsets committed in the transaction
   * every commit interval, as a stream thread does.
   */
  private static void copy(
      Map<String, String> flags,
      List<String> inputs,
      String outputPrefix,
      AtomicBoolean stop,
      Map<String, Object> result) {
    ClientSettings settings = ClientSettings.of(flags);
    String group = flags.get(SluiceConfig.APPLICATION_ID);
    Map<String, Object> c = new HashMap<>(settings.consumer());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, Object> p = new HashMap<>(settings.producer());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    long commitNanos = Duration.ofMillis(settings.commitIntervalMs()).toNanos();
    long commits = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      producer.initTransactions();
      consumer.subscribe(inputs);
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      long lastCommit = System.nanoTime();
      boolean open = false;
      while (!stop.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<byte[], byte[]> r : records) {
          if (!open) {
            producer.beginTransaction();
            open = true;
          }
          producer.send(
              new ProducerRecord<>(
                  outputPrefix + r.topic(),
                  r.partition(),
                  r.timestamp(),
                  r.key(),
                  r.value(),
                  r.headers()));
          offsets.put(
              new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        if (System.nanoTime() - lastCommit >= commitNanos) {
          if (open) {
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            commits++;
            open = false;
            offsets.clear();
          }
          lastCommit = System.nanoTime();
        }
      }
      result.put("live_heap_mb", liveHeap() >> 20);
      if (open) {
        producer.abortTransaction();
      }
    }
    result.put("commits", commits);
    result.put("settings", settings.summary());
  }

  /**
   * One app instance as {@code ./sluice streams} runs it, with the built-in rules and {@code
   * rules.dir} (the bench's generated Sigma rules, when asked for).
   */
  private static void streams(
      Map<String, String> flags, AtomicBoolean stop, Map<String, Object> result)
      throws InterruptedException {
    SluiceConfig config = SluiceConfig.load(Optional.empty(), Map.of(), flags);
    Path stateDir = Path.of(flags.get(SluiceConfig.STATE_DIR));
    try (StreamsApp app =
        StreamsApp.start(
            config, new RuleLoader().load(config.rulesDirectory()), new SimpleMeterRegistry())) {
      while (!stop.get()) {
        if (app.failed()) {
          throw new IllegalStateException("Kafka Streams ended in ERROR");
        }
        Thread.sleep(50);
      }
      result.put("live_heap_mb", liveHeap() >> 20);
      result.put("state_mb", directorySize(stateDir) / 1048576.0);
      result.put("commits", (long) threadMetric(app, "commit-total"));
      result.put("process_total", (long) threadMetric(app, "process-total"));
    }
  }

  /** A stream-thread metric summed over the instance's threads. */
  private static double threadMetric(StreamsApp app, String name) {
    double sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : app.streams().metrics().entrySet()) {
      if (e.getKey().group().equals("stream-thread-metrics") && e.getKey().name().equals(name)) {
        Object v = e.getValue().metricValue();
        if (v instanceof Number n) {
          sum += n.doubleValue();
        }
      }
    }
    return sum;
  }

  /** Heap used after a full collection, while the work is still open: its live set. */
  private static long liveHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static long directorySize(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  return 0; // a RocksDB file compacted away while we walked
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts {@code VmHWM} afresh, so that the measured pass's peak is its own and not the warm-up's
   * (Linux: writing 5 to {@code clear_refs} resets the peak resident set).
   */
  private static void resetPeakRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | UnsupportedOperationException e) {
      // not Linux, or not allowed: the peak then includes the warm-up's
    }
  }

  /** {@code VmHWM} of /proc/self/status: the peak resident set (heap, RocksDB, metaspace…). */
  private static long peakRssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** Heap used, sampled every 100 ms; its peak depends on when the collector runs. */
  private static final class HeapSampler {
    final AtomicLong peakUsed = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private HeapSampler() {
      thread =
          new Thread(
              () -> {
                while (running) {
                  peakUsed.accumulateAndGet(
                      ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                      Math::max);
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-sampler");
      thread.setDaemon(true);
    }

    static HeapSampler start() {
      HeapSampler sampler = new HeapSampler();
      sampler.thread.start();
      return sampler;
    }

    void stop() {
      running = false;
    }
  }
}
