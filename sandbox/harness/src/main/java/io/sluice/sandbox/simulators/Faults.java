package io.sluice.sandbox.simulators;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault knobs shared by every vendor simulator, deterministic by request number so that a test
 * knows exactly what the connector met. Each can be changed while the simulator runs.
 *
 * <ul>
 *   <li>{@link #rateLimitEvery(int)}: every N-th request gets the vendor's own 429
 *   <li>{@link #serverErrorBurst(long, int)}: K consecutive 5xx starting at a request number
 *   <li>{@link #slowResponses(Duration)}: every response is delayed
 *   <li>{@link #truncateNextPages(int)}: the next K successful pages are cut in half
 * </ul>
 */
public final class Faults {
  private volatile int rateLimitEvery;
  private final AtomicLong burstStart = new AtomicLong(-1);
  private final AtomicInteger burstLength = new AtomicInteger();
  private volatile Duration delay = Duration.ZERO;
  private final AtomicInteger truncations = new AtomicInteger();

  /** Every {@code n}-th request (n, 2n, ...) is rate limited; 0 turns it off. */
  public Faults rateLimitEvery(int n) {
    rateLimitEvery = n;
    return this;
  }

  /** Requests {@code fromRequest} .. {@code fromRequest + count - 1} answer 5xx. */
  public Faults serverErrorBurst(long fromRequest, int count) {
    burstLength.set(count);
    burstStart.set(fromRequest);
    return this;
  }

  public Faults slowResponses(Duration delay) {
    this.delay = delay;
    return this;
  }

  /** The next {@code count} 200 responses are sent with half of their body. */
  public Faults truncateNextPages(int count) {
    truncations.set(count);
    return this;
  }

  /** Turns every fault off. */
  public Faults none() {
    rateLimitEvery = 0;
    burstLength.set(0);
    delay = Duration.ZERO;
    truncations.set(0);
    return this;
  }

  boolean rateLimited(long request) {
    int n = rateLimitEvery;
    return n > 0 && request % n == 0;
  }

  boolean serverError(long request) {
    long start = burstStart.get();
    return start >= 0 && request >= start && request < start + burstLength.get();
  }

  Duration delay() {
    return delay;
  }

  boolean truncate() {
    return truncations.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }
}
