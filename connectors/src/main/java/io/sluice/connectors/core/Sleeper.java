package io.sluice.connectors.core;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The only way the poll loop waits: every wait ends early when the connector is asked to stop, and
 * tests replace it with one that records waits instead of sleeping.
 */
public interface Sleeper {

  /**
   * Waits for {@code duration} unless stopping.
   *
   * @return false when the connector is stopping (the caller should return)
   */
  boolean sleep(Duration duration) throws InterruptedException;

  /** True once {@link Stoppable#stop()} was called. */
  boolean stopping();

  /** A sleeper that a shutdown hook can wake. */
  static Stoppable stoppable() {
    return new Stoppable();
  }

  /** Real waiting on a latch that {@link #stop()} releases. */
  final class Stoppable implements Sleeper {
    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public boolean sleep(Duration duration) throws InterruptedException {
      if (duration.isZero() || duration.isNegative()) {
        return !stopping();
      }
      return !stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean stopping() {
      return stop.getCount() == 0;
    }

    public void stop() {
      stop.countDown();
    }
  }
}
