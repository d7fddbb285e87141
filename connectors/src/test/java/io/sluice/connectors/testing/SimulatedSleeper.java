package io.sluice.connectors.testing;

import io.sluice.connectors.core.Sleeper;
import io.sluice.sandbox.simulators.SimClock;
import java.time.Duration;

/**
 * Waits on simulated time: a wait moves the shared {@link SimClock} forward by its length (the
 * simulator sees the same time pass) and takes at most a few milliseconds of wall time, so an
 * hour-long rate-limit block or a minute of polling costs nothing. Stoppable like the real one.
 */
public final class SimulatedSleeper implements Sleeper {
  private static final long MAX_REAL_PAUSE_MILLIS = 5;

  private final SimClock clock;
  private final Sleeper real = Sleeper.real();

  public SimulatedSleeper(SimClock clock) {
    this.clock = clock;
  }

  @Override
  public boolean sleep(Duration duration) throws InterruptedException {
    if (stopping()) {
      return false;
    }
    if (duration.isNegative() || duration.isZero()) {
      return true;
    }
    clock.advance(duration);
    // a real pause, so that a connector polling "every 30 s" does not spin a CPU
    return real.sleep(Duration.ofMillis(Math.min(MAX_REAL_PAUSE_MILLIS, duration.toMillis())));
  }

  @Override
  public boolean stopping() {
    return real.stopping();
  }

  @Override
  public void stop() {
    real.stop();
  }
}
