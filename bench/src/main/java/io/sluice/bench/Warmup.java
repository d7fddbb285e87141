package io.sluice.bench;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * Unmeasured passes over the whole input, in the JVM that is then measured, until its JIT has
 * settled, so that a side is measured warm.
 *
 * <p>On a 2-core box a fresh JVM of the whole app keeps its one C2 compiler thread busy for
 * minutes: watched per thread, C2 took 0.7–1.0 of a core through a 70 s app run, compiling 100–300
 * methods it had not compiled before every 10 s (Kafka Streams, the clients, Avro, Jackson, the
 * mappers and rules), while the copy's few hot methods are compiled in seconds. Until C2 has caught
 * up, much of the app runs in the profiling tier-3 code, and the compiler takes the core the broker
 * or the stream thread would use. A pipeline runs for months, so its steady state is what the ratio
 * should compare: each side makes passes until the JIT compiled for less than {@link
 * #SETTLED_JIT_SHARE} of a pass's time (as {@code CompilationMXBean} counts it, in every worker of
 * the side), or until the warm-up has taken {@code --warmup-max}.
 *
 * <p>Every side warms up the same way (the copy as well), each pass under its own throwaway id
 * ({@link #idOf}: application id, consumer group and transactional id, with its own state
 * directory). The protocol with a {@link PipelineWorker}: it starts its first pass at once; when
 * the pass's group has consumed the input (and, for the whole app, drained its detection topics),
 * the bench writes {@link #END}; the worker closes the pass and prints {@link #DONE} with the
 * milliseconds its JIT compiled during it; the bench empties what the pass wrote and writes {@link
 * #AGAIN} for another pass or {@link #START} for the measured one.
 */
final class Warmup {
  static final String END = "end-warmup";
  static final String DONE = "WARM";
  static final String AGAIN = "again";
  static final String START = "start";

  /** The JIT counts as settled once it compiled for less than this share of a pass's time. */
  static final double SETTLED_JIT_SHARE = 0.10;

  private Warmup() {}

  /** The id of warm-up pass {@code pass} (from 1) of the side with id {@code id}. */
  static String idOf(String id, int pass) {
    return id + "-warmup" + (pass == 1 ? "" : "-" + pass);
  }

  /** What the bench does after each pass, before the next one: empty what pass {@code id} wrote. */
  interface CleanUp {
    void run(String passId) throws Exception;
  }

  /**
   * Makes passes until the JIT has settled or {@code max} has passed, cleaning up after each; the
   * caller then takes its "before" offsets and calls {@link #start}.
   *
   * @param drain the topics a pass must also have drained, by pass id
   */
  static void run(
      Cluster cluster,
      String id,
      Map<TopicPartition, Long> inputEnds,
      Function<String, Collection<String>> drain,
      List<Worker> workers,
      Duration timeout,
      Duration max,
      CleanUp cleanUp)
      throws Exception {
    long began = System.nanoTime();
    for (int pass = 1; ; pass++) {
      long passBegan = pass == 1 ? began : System.nanoTime();
      String passId = idOf(id, pass);
      Progress.await(cluster, passId, inputEnds, drain.apply(passId), workers, timeout);
      for (Worker w : workers) {
        w.send(END);
      }
      long jitMs = 0;
      for (Worker w : workers) {
        jitMs = Math.max(jitMs, w.awaitWarmedUp(timeout));
      }
      double share = jitMs / Math.max(1.0, (System.nanoTime() - passBegan) / 1e6);
      cleanUp.run(passId);
      if (share < SETTLED_JIT_SHARE || System.nanoTime() - began > max.toNanos()) {
        System.err.printf(
            "sluice bench: %s warm after %d pass(es); the JIT compiled for %.0f%% of the last%n",
            id, pass, share * 100);
        return;
      }
      for (Worker w : workers) {
        w.send(AGAIN);
      }
    }
  }

  /** Something the bench does between the warm-up and the measured pass. */
  interface Step {
    void run() throws Exception;
  }

  static void start(List<Worker> workers) {
    for (Worker w : workers) {
      w.send(START);
    }
  }
}
