package io.sluice.connectors.core;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": the n-th wait is half of {@code min(max, initial ·
 * 2^(n-1))} plus a random part of up to the other half, so connectors that failed together do not
 * retry together, yet no wait is shorter than half the nominal one.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  /**
   * @param random uniform values in [0, 1)
   */
  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max");
    }
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** The wait before retry number {@code attempt} (1-based). */
  public Duration delay(int attempt) {
    long nominal = nominalMillis(attempt);
    long half = nominal / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (nominal - half)));
  }

  long nominalMillis(int attempt) {
    int shift = Math.min(Math.max(attempt - 1, 0), 30);
    long millis = initial.toMillis() << shift;
    return millis <= 0 ? max.toMillis() : Math.min(max.toMillis(), millis);
  }
}
