package io.sluice.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * A pass over the whole input, unmeasured, in the JVM that is then measured, so that a side is
 * measured warm. On a 2-core box a fresh JVM spends most of a core in the JIT compilers for the
 * first half minute of a run (C2 compiling Kafka Streams, Avro, Jackson and the rules), which a
 * long-running pipeline pays once and the short copy barely pays at all; measured cold, a side's
 * throughput says more about its compile time than about its steady state. Every side warms up the
 * same way (the copy as well), under its own throwaway id: {@code <id>-warmup} as application id,
 * consumer group and transactional id, with its own state directory.
 *
 * <p>The protocol with a {@link PipelineWorker}: it starts warming up at once; when the warm-up
 * group has consumed the input (and, for the whole app, drained its detection topics), the bench
 * writes {@link #END}; the worker closes the warm-up pass and prints {@link #DONE}; the bench then
 * empties what the warm-up wrote and writes {@link #START}, and the measured pass begins.
 */
final class Warmup {
  static final String END = "end-warmup";
  static final String DONE = "WARM";
  static final String START = "start";

  private Warmup() {}

  static String idOf(String id) {
    return id + "-warmup";
  }

  /** What the bench does once the warm-up pass is over, before the measured pass starts. */
  interface CleanUp {
    void run() throws Exception;
  }

  /**
   * Waits for the warm-up pass to consume the input, ends it in every worker and cleans up after
   * it; the caller then takes its "before" offsets and calls {@link #start}.
   */
  static void finish(
      Cluster cluster,
      String id,
      Map<TopicPartition, Long> inputEnds,
      Collection<String> drain,
      List<Worker> workers,
      Duration timeout,
      CleanUp cleanUp)
      throws Exception {
    Progress.await(cluster, idOf(id), inputEnds, drain, workers, timeout);
    for (Worker w : workers) {
      w.send(END);
    }
    for (Worker w : workers) {
      w.awaitWarmedUp(timeout);
    }
    cleanUp.run();
  }

  static void start(List<Worker> workers) {
    for (Worker w : workers) {
      w.send(START);
    }
  }
}
