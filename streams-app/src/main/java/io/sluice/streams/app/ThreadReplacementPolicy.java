package io.sluice.streams.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a stream thread dies of an unexpected error: it is replaced after a back-off
 * that doubles with each failure (1 s, 2 s, 4 s … capped at 1 min), so a poison condition does not
 * spin a thread through die–replace–die; more than {@link #MAX_FAILURES} failures within {@link
 * #WINDOW} stop the client, which ends in state ERROR and makes {@code ./sluice streams} exit 1 for
 * its supervisor. The wait happens on the dying thread, before Kafka Streams starts its
 * replacement.
 */
final class ThreadReplacementPolicy implements StreamsUncaughtExceptionHandler {
  static final int MAX_FAILURES = 5;
  static final Duration WINDOW = Duration.ofMinutes(10);
  private static final long FIRST_BACKOFF_MS = 1_000;
  private static final long MAX_BACKOFF_MS = 60_000;
  private static final Logger LOG = LoggerFactory.getLogger(ThreadReplacementPolicy.class);

  private final Sleeper sleeper;
  private final LongSupplier clock;
  private final Deque<Long> failures = new ArrayDeque<>();

  ThreadReplacementPolicy(Sleeper sleeper) {
    this(sleeper, System::currentTimeMillis);
  }

  ThreadReplacementPolicy(Sleeper sleeper, LongSupplier clock) {
    this.sleeper = sleeper;
    this.clock = clock;
  }

  @Override
  public StreamThreadExceptionResponse handle(Throwable error) {
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
