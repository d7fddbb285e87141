package io.sluice.connectors.core;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The only way a connector waits: every wait ends early when the connector is asked to stop, and
 * tests replace it with one that records waits, or moves simulated time forward, instead of
 * sleeping.
 */
public interface Sleeper {

  /**
   * Waits for {@code duration} unless stopping.
   *
   * @return false when the connector is stopping (the caller should return)
   */
  boolean sleep(Duration duration) throws InterruptedException;

  /** True once {@link #stop()} was called. */
  boolean stopping();

  /** Ends every wait, now and later. */
  void stop();

  /** Real waiting on a latch that {@link #stop()} releases. */
  static Sleeper real() {
    return new Real();
  }

  /** Waits through {@code sleeper}, or throws {@link InterruptedException} when stopping. */
  static void waitFor(Sleeper sleeper, Duration duration) throws InterruptedException {
    if (!sleeper.sleep(duration)) {
      throw new InterruptedException("the connector is stopping");
    }
  }

  /** Real waiting on a latch. */
  final class Real implements Sleeper {
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

    @Override
    public void stop() {
      stop.countDown();
    }
  }
}
