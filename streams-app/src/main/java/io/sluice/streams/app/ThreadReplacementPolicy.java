package io.sluice.streams.app;

import io.sluice.streams.errors.Outage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies.
 *
 * <p>Of an outage (the schema registry or the broker unreachable, {@link Outage}): the thread
 * stopped before committing the record it could not finish, so nothing was dead-lettered or
 * committed past it. The policy marks readiness down and waits on the dying thread until the
 * dependency answers again ({@link RecoveryWait}), then replaces the thread, which picks up at the
 * last commit. Outages do not count towards the failure budget below: an outage of an hour must not
 * turn into exit 1.
 *
 * <p>Of an unexpected error: it is replaced after a back-off that doubles with each failure (1 s, 2
 * s, 4 s … capped at 1 min), so a poison condition does not spin a thread through die–replace–die;
 * more than {@link #MAX_FAILURES} failures within {@link #WINDOW} stop the client, which ends in
 * state ERROR and makes {@code ./sluice streams} exit 1 for its supervisor. The wait happens on the
 * dying thread, before Kafka Streams starts its replacement.
 */
final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {
  static final int MAX_FAILURES = 5;
  static final Duration WINDOW = Duration.ofMinutes(10);
  private static final long FIRST_BACKOFF_MS = 1_000;
  private static final long MAX_BACKOFF_MS = 60_000;
  private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacementPolicy.class);

  private final Sleeper sleeper;
  private final LongSupplier clock;
  private final RecoveryWait recovery;
  private final Deque<Long> failures = new ArrayDeque<>();

  /** Blocks until the dependency of an outage answers again. */
  @FunctionalInterface
  interface RecoveryWait {
    /**
     * @return false when the app is stopping instead
     */
    boolean await(Outage outage) throws InterruptedException;

    /** For tests of the failure budget: outages recover at once. */
    RecoveryWait IMMEDIATE = outage -> true;
  }

  ThreadReplacementPolicy(Sleeper sleeper) {
    this(sleeper, System::currentTimeMillis, RecoveryWait.IMMEDIATE);
  }

  ThreadReplacementPolicy(Sleeper sleeper, LongSupplier clock) {
    this(sleeper, clock, RecoveryWait.IMMEDIATE);
  }

  ThreadReplacementPolicy(Sleeper sleeper, LongSupplier clock, RecoveryWait recovery) {
    this.sleeper = sleeper;
    this.clock = clock;
    this.recovery = recovery;
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable error) {
    Optional<Outage> outage = Outage.of(error);
    if (outage.isPresent()) {
      LOG.warn(
          "stream thread stopped: the {} is unreachable ({}); nothing was committed past the"
              + " record it could not finish. Waiting for it to answer, then replacing the thread",
          outage.get().dependency().label().replace('_', ' '),
          outage.get().detail());
      try {
        if (recovery.await(outage.get())) {
          LOG.info("the {} answers again; replacing the stream thread", outage.get().dependency());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    long wait;
    int recent;
    synchronized (failures) {
      long now = clock.getAsLong();
      failures.addLast(now);
      while (!failures.isEmpty() && failures.peekFirst() <= now - WINDOW.toMillis()) {
        failures.removeFirst();
      }
      recent = failures.size();
    }
    wait = backoffMillis(recent);
    if (recent > MAX_FAILURES) {
      LOG.error(
          "stream thread failed {} times within {}; stopping the client", recent, WINDOW, error);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    LOG.error(
        "stream thread failed ({} within {}); replacing it in {} ms", recent, WINDOW, wait, error);
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }

  /** The back-off before the replacement that follows the n-th recent failure (1-based). */
  static long backoffMillis(int recentFailures) {
    return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS << Math.min(recentFailures - 1, 16));
  }
}
