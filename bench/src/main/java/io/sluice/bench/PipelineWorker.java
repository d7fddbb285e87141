package io.sluice.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.streams.app.StreamsApp;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The measured side of {@link PipelineThroughput}, in a JVM of its own so that its heap is its own
 * and not the broker's: either the transactional copy or the Sluice streams app. It runs until a
 * line {@code stop} (or end of input) arrives on stdin, then prints one {@code RESULT} line with
 * its peak heap, peak resident memory and (streams) the size of its state directory, and exits.
 *
 * <p>Arguments: {@code copy|streams bootstrap group-or-app-id input-topic
 * output-topic-or-state-dir}.
 */
public final class PipelineWorker {
  private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);

  /** Heap used after a full collection at the end, while the work is still open: its live set. */
  private static volatile long liveAtEnd;

  private PipelineWorker() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String bootstrap = args[1];
    String id = args[2];
    String input = args[3];
    String target = args[4];
    AtomicBoolean stop = new AtomicBoolean();
    HeapSampler heap = HeapSampler.start();
    Thread stdin =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null && !line.strip().equals("stop")) {
                  // wait for the parent's word
                }
              } catch (IOException e) {
                // the parent went away: stop as well
              }
              stop.set(true);
            },
            "worker-stdin");
    stdin.setDaemon(true);
    stdin.start();

    long stateBytes = 0;
    if (mode.equals("copy")) {
      copy(bootstrap, id, input, target, stop);
    } else if (mode.equals("streams")) {
      stateBytes = streams(bootstrap, id, Path.of(target), stop);
    } else {
      throw new IllegalArgumentException("mode must be copy or streams, got " + mode);
    }
    heap.stop();
    System.out.printf(
        Locale.ROOT,
        "RESULT peakHeapMb=%d peakOldAfterGcMb=%d liveAtEndMb=%d peakRssMb=%d stateMb=%.1f%n",
        heap.peakUsed.get() >> 20,
        heap.peakOldAfterGc.get() >> 20,
        liveAtEnd >> 20,
        peakRssKb() >> 10,
        stateBytes / 1048576.0);
    System.out.flush();
    System.exit(0);
  }

  /**
   * DESIGN §10's baseline: read_committed consumer, transactional producer, the consumed offsets
   * committed in the producer's transaction every 100 ms; each record to the same partition.
   */
  private static void copy(
      String bootstrap, String group, String input, String output, AtomicBoolean stop) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group);
    // what Kafka Streams' producer uses in the app (SluiceConfig sets lz4), so that the two differ
    // only in what happens between consume and produce
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      producer.initTransactions();
      consumer.subscribe(List.of(input));
      Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
      long lastCommit = System.nanoTime();
      producer.beginTransaction();
      while (!stop.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(COMMIT_INTERVAL);
        for (ConsumerRecord<byte[], byte[]> r : records) {
          producer.send(
              new ProducerRecord<>(output, r.partition(), r.key(), r.value(), r.headers()));
          offsets.put(
              new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        if (System.nanoTime() - lastCommit >= COMMIT_INTERVAL.toNanos()) {
          if (!offsets.isEmpty()) {
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            producer.beginTransaction();
            offsets.clear();
          }
          lastCommit = System.nanoTime();
        }
      }
      liveAtEnd = liveHeap();
      producer.abortTransaction();
    }
  }

  /** The whole app as {@code sluice streams} runs it: built-in rules, exactly_once_v2. */
  private static long streams(String bootstrap, String appId, Path stateDir, AtomicBoolean stop)
      throws InterruptedException {
    SluiceConfig config =
        SluiceConfig.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                SluiceConfig.BOOTSTRAP_SERVERS,
                bootstrap,
                SluiceConfig.APPLICATION_ID,
                appId,
                SluiceConfig.STATE_DIR,
                stateDir.toString(),
                SluiceConfig.SCHEMA_REGISTRY_URL,
                "mem://bench",
                SluiceConfig.PROCESSING_GUARANTEE,
                "exactly_once_v2"));
    try (StreamsApp app =
        StreamsApp.start(
            config, new RuleLoader().load(Optional.empty()), new SimpleMeterRegistry())) {
      while (!stop.get()) {
        Thread.sleep(50);
      }
      liveAtEnd = liveHeap();
      return directorySize(stateDir);
    }
  }

  private static long liveHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static long directorySize(Path dir) {
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

  /**
   * Heap used, sampled every 100 ms (its peak depends on when the collector runs), and the old
   * generation after a collection (closer to the live set).
   */
  private static final class HeapSampler {
    final AtomicLong peakUsed = new AtomicLong();
    final AtomicLong peakOldAfterGc = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private HeapSampler() {
      List<MemoryPoolMXBean> old =
          ManagementFactory.getMemoryPoolMXBeans().stream()
              .filter(p -> p.getType() == MemoryType.HEAP && p.getName().contains("Old"))
              .toList();
      thread =
          new Thread(
              () -> {
                while (running) {
                  peakUsed.accumulateAndGet(
                      ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                      Math::max);
                  for (MemoryPoolMXBean pool : old) {
                    if (pool.getCollectionUsage() != null) {
                      peakOldAfterGc.accumulateAndGet(
                          pool.getCollectionUsage().getUsed(), Math::max);
                    }
                  }
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
