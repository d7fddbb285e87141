package io.sluice.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * A side's progress, read from the offsets its consumer group committed in its transactions (so
 * only work that is committed counts), every {@value #POLL_MS} ms.
 *
 * <p>The rate is taken between the first and the last observation of committed offsets, so a window
 * is off by up to one polling period at each end. Polled every 100 ms, a warm copy's window of
 * about a second at 100,000 events was off by up to 20 %, more than the difference the ratio is
 * meant to show; a 10 ms period (an offset fetch, answered from the broker's memory) makes that 2
 * %.
 *
 * <p>A side is done when its committed offsets on the input reach the input's end and every other
 * topic it reads (the canonical topics detection reads, its repartition topics) is drained to
 * within one offset per partition (the commit marker after the last record): only then have
 * detection and risk seen everything, not only normalisation.
 */
final class Progress {
  private static final boolean TRACE = Boolean.getBoolean("sluice.bench.trace");

  /** How often committed offsets are read. */
  static final long POLL_MS = 10;

  /**
   * How often, once the input is consumed, the topics to drain are checked: three admin requests
   * over every partition of them, which every 10 ms would load the broker the side shares its cores
   * with. A whole-app window is several seconds, so 100 ms here is within 2 % of it.
   */
  static final long DRAIN_CHECK_MS = 100;

  /**
   * @param firstOffsets input offsets committed at the first observation of any
   * @param doneOffsets input offsets committed when done (the input's end)
   * @param inputDoneNanos when the input alone was consumed
   */
  record Done(
      long firstOffsets, long firstNanos, long doneOffsets, long doneNanos, long inputDoneNanos) {
    double seconds() {
      return (doneNanos - firstNanos) / 1e9;
    }

    /**
     * Records per second from the first commit to done. Input offsets also count the raw topics'
     * commit markers (the connectors write a transaction per page), so they are scaled by {@code
     * records / offsets} of the whole input.
     */
    double recordsPerSecond(long records, long inputOffsets) {
      return (doneOffsets - firstOffsets) * ((double) records / inputOffsets) / seconds();
    }

    double inputSeconds() {
      return (inputDoneNanos - firstNanos) / 1e9;
    }
  }

  private Progress() {}

  static Done await(
      Cluster cluster,
      String group,
      Map<TopicPartition, Long> inputEnds,
      Collection<String> drain,
      List<Worker> workers,
      Duration timeout)
      throws Exception {
    long firstOffsets = -1;
    long firstNanos = 0;
    long inputDone = 0;
    long lastTrace = 0;
    long lastDrainCheck = System.nanoTime() - DRAIN_CHECK_MS * 1_000_000L;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Worker w : workers) {
        if (!w.isAlive()) {
          throw new IllegalStateException(group + ": a worker exited with " + w.exitValue());
        }
      }
      Map<TopicPartition, OffsetAndMetadata> committed =
          cluster
              .admin()
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      long now = System.nanoTime();
      long input = 0;
      boolean consumed = true;
      for (Map.Entry<TopicPartition, Long> e : inputEnds.entrySet()) {
        OffsetAndMetadata c = committed.get(e.getKey());
        long position = c == null ? 0 : c.offset();
        input += position;
        // the last offset of a partition written in transactions is a commit marker
        consumed &= position >= e.getValue() - 1;
      }
      if (input > 0 && firstOffsets < 0) {
        firstOffsets = input;
        firstNanos = now;
      }
      if (TRACE && now - lastTrace > 1_000_000_000L) {
        lastTrace = now;
        System.err.printf(
            Locale.ROOT, "progress %s: input %,d of %,d%n", group, input, total(inputEnds));
      }
      if (consumed && inputDone == 0) {
        inputDone = now;
      }
      if (consumed && (drain.isEmpty() || now - lastDrainCheck >= DRAIN_CHECK_MS * 1_000_000L)) {
        lastDrainCheck = now;
        if (drained(cluster, committed, drain)) {
          return new Done(firstOffsets, firstNanos, input, now, inputDone);
        }
      }
      Thread.sleep(POLL_MS);
    }
    throw new IllegalStateException(group + " did not finish within " + timeout);
  }

  static long total(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  private static boolean drained(
      Cluster cluster, Map<TopicPartition, OffsetAndMetadata> committed, Collection<String> drain)
      throws Exception {
    if (drain.isEmpty()) {
      return true;
    }
    Set<String> existing = cluster.topics();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    var descriptions =
        cluster
            .admin()
            .describeTopics(drain.stream().filter(existing::contains).toList())
            .allTopicNames()
            .get(30, TimeUnit.SECONDS);
    descriptions.forEach(
        (name, d) ->
            d.partitions()
                .forEach(
                    p -> {
                      TopicPartition tp = new TopicPartition(name, p.partition());
                      latest.put(tp, OffsetSpec.latest());
                      earliest.put(tp, OffsetSpec.earliest());
                    }));
    ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
    var ends = cluster.admin().listOffsets(latest, committedOnly).all().get(30, TimeUnit.SECONDS);
    var starts = cluster.admin().listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
    for (var e : ends.entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      long position = c == null ? starts.get(e.getKey()).offset() : c.offset();
      if (e.getValue().offset() - position > 1) {
        return false;
      }
    }
    return true;
  }
}
