package io.sluice.sandbox.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A vendor's request quota per client, in one of the shapes vendors use, and a record of every
 * request a client sent while it had been told to wait (a <em>violation</em>: what a connector must
 * never do). Three shapes:
 *
 * <ul>
 *   <li>{@link #fixedWindow}: {@code limit} per aligned window, reset at the window's end (Okta per
 *       minute, CrowdStrike per minute)
 *   <li>{@link #tokenBucket}: {@code capacity} requests, one added back every {@code refill}
 *       (Mimecast: "the time for a request to be added back into the call quota")
 *   <li>{@link #slidingWindow}: {@code limit} in any {@code window} (Graph's 5 per 10 s)
 * </ul>
 *
 * <p>A client is told to wait by a refusal, and — where the vendor's success answers say how many
 * are left and when more come ({@code blockWhenExhausted}) — by a success that leaves none.
 */
final class SimQuota {
  /**
   * What one request got at {@code at}. {@code reset}: when the next request will be admitted (for
   * a token bucket: when the next one is added back).
   */
  record Decision(Instant at, boolean allowed, int limit, int remaining, Instant reset) {
    /** {@code reset} as a wait from {@code at}, never negative. */
    Duration untilReset() {
      Duration wait = Duration.between(at, reset);
      return wait.isNegative() ? Duration.ZERO : wait;
    }
  }

  private enum Shape {
    FIXED,
    BUCKET,
    SLIDING,
    NONE
  }

  private final Shape shape;
  private final int limit;
  private final Duration period;
  private final boolean blockWhenExhausted;
  private final Map<String, State> clients = new HashMap<>();
  private final AtomicLong violations = new AtomicLong();
  private final AtomicLong refusals = new AtomicLong();

  private static final class State {
    Instant windowStart;
    int used;
    double tokens;
    Instant lastRefill;
    final Deque<Instant> recent = new ArrayDeque<>();
    Instant blockedUntil = Instant.MIN;
  }

  private SimQuota(Shape shape, int limit, Duration period, boolean blockWhenExhausted) {
    this.shape = shape;
    this.limit = limit;
    this.period = period;
    this.blockWhenExhausted = blockWhenExhausted;
  }

  static SimQuota fixedWindow(int limit, Duration window, boolean blockWhenExhausted) {
    return new SimQuota(Shape.FIXED, limit, window, blockWhenExhausted);
  }

  static SimQuota tokenBucket(int capacity, Duration refill) {
    return new SimQuota(Shape.BUCKET, capacity, refill, true);
  }

  static SimQuota slidingWindow(int limit, Duration window) {
    return new SimQuota(Shape.SLIDING, limit, window, false);
  }

  /** No limit: admits everything, and only tracks the waits injected faults ask for. */
  static SimQuota none() {
    return new SimQuota(Shape.NONE, Integer.MAX_VALUE, Duration.ofMinutes(1), false);
  }

  /** Takes one request of {@code client} at {@code now}. */
  synchronized Decision take(String client, Instant now) {
    State s = clients.computeIfAbsent(client, c -> fresh(now));
    if (now.isBefore(s.blockedUntil)) {
      violations.incrementAndGet();
    }
    Decision d =
        switch (shape) {
          case FIXED -> fixed(s, now);
          case BUCKET -> bucket(s, now);
          case SLIDING -> sliding(s, now);
          case NONE -> new Decision(now, true, limit, limit, now);
        };
    if (!d.allowed()) {
      refusals.incrementAndGet();
    }
    if (!d.allowed() || (blockWhenExhausted && d.remaining() == 0)) {
      s.blockedUntil = later(s.blockedUntil, d.reset());
    }
    return d;
  }

  /** {@code client} was told (by an injected fault) not to come back before {@code until}. */
  synchronized void block(String client, Instant now, Instant until) {
    State s = clients.computeIfAbsent(client, c -> fresh(now));
    s.blockedUntil = later(s.blockedUntil, until);
  }

  /** Requests a client sent while told to wait. */
  long violations() {
    return violations.get();
  }

  /** Requests refused by the quota (not counting injected faults). */
  long refusals() {
    return refusals.get();
  }

  private State fresh(Instant now) {
    State s = new State();
    s.windowStart = align(now);
    s.tokens = limit;
    s.lastRefill = now;
    return s;
  }

  private Decision fixed(State s, Instant now) {
    Instant start = align(now);
    if (!start.equals(s.windowStart)) {
      s.windowStart = start;
      s.used = 0;
    }
    Instant reset = start.plus(period);
    if (s.used >= limit) {
      return new Decision(now, false, limit, 0, reset);
    }
    s.used++;
    return new Decision(now, true, limit, limit - s.used, reset);
  }

  private Decision bucket(State s, Instant now) {
    double refillMillis = period.toMillis();
    double added = Duration.between(s.lastRefill, now).toMillis() / refillMillis;
    if (added > 0) {
      s.tokens = Math.min(limit, s.tokens + added);
      s.lastRefill = now;
    }
    boolean allowed = s.tokens >= 1;
    if (allowed) {
      s.tokens -= 1;
    }
    int remaining = (int) Math.floor(s.tokens);
    // Mimecast sends the time until the next request is added back on every response
    long untilNext =
        s.tokens >= limit ? 0 : (long) Math.ceil((1 - (s.tokens - remaining)) * refillMillis);
    return new Decision(now, allowed, limit, remaining, now.plusMillis(untilNext));
  }

  private Decision sliding(State s, Instant now) {
    while (!s.recent.isEmpty() && !s.recent.peekFirst().plus(period).isAfter(now)) {
      s.recent.pollFirst();
    }
    if (s.recent.size() >= limit) {
      Instant free = s.recent.peekFirst().plus(period);
      long seconds = (Duration.between(now, free).toMillis() + 999) / 1000;
      return new Decision(now, false, limit, 0, now.plusSeconds(Math.max(1, seconds)));
    }
    s.recent.addLast(now);
    return new Decision(now, true, limit, limit - s.recent.size(), now);
  }

  private Instant align(Instant now) {
    long ms = period.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), ms) * ms);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
