package io.sluice.sandbox.simulators;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Simulated time, shared by a simulator and the connector under test: it moves only when someone
 * advances it (a connector's simulated sleeper, or the test), so minutes of vendor traffic, hourly
 * rate-limit windows and expiring cursors take milliseconds of wall time. {@link #offset} gives a
 * view that runs ahead of (or behind) this one by a fixed amount, as a vendor's clock runs apart
 * from the connector's.
 */
public final class SimClock extends Clock {
  private final AtomicReference<Instant> now;
  private final Duration offset;

  private SimClock(AtomicReference<Instant> now, Duration offset) {
    this.now = now;
    this.offset = offset;
  }

  /** A clock that stands at {@code start} until advanced. */
  public static SimClock at(Instant start) {
    return new SimClock(new AtomicReference<>(start), Duration.ZERO);
  }

  /** The same time line, {@code skew} ahead (negative: behind). Advancing either moves both. */
  public SimClock offset(Duration skew) {
    return new SimClock(now, offset.plus(skew));
  }

  /** Moves time forward by {@code duration} (never backwards). */
  public Instant advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time does not run backwards");
    }
    return now.updateAndGet(t -> t.plus(duration)).plus(offset);
  }

  /** Moves time forward to {@code instant} of this view, if it is later. */
  public Instant advanceTo(Instant instant) {
    Instant base = instant.minus(offset);
    return now.updateAndGet(t -> t.isBefore(base) ? base : t).plus(offset);
  }

  @Override
  public Instant instant() {
    return now.get().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (zone.equals(ZoneOffset.UTC)) {
      return this;
    }
    throw new UnsupportedOperationException("simulated time is UTC");
  }
}
