package io.sluice.sandbox.harness;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Bounded polling for the harness itself. Tests wait with Awaitility; the harness is also used by
 * the demo's plain {@code main}, so it cannot depend on a test library for its own start-up.
 */
final class Waits {

  private Waits() {}

  /**
   * Evaluates {@code condition} every {@code interval} until it holds or {@code timeout} has
   * passed.
   *
   * @return whether the condition held before the timeout
   */
  static boolean poll(Duration timeout, Duration interval, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      pause(interval);
    }
    return true;
  }

  static void pause(Duration interval) {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting", e);
    }
  }
}
