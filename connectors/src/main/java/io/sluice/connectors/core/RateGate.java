package io.sluice.connectors.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pace of requests to one vendor application: what {@code rate.limit} allows (spread evenly, so
 * a backfill does not burst into the vendor's limit) and what the vendor said — after a 429, or a
 * success that used up the quota, no request goes out before the vendor's reset.
 *
 * <p>One gate serves every feed that shares an application (all Mimecast feeds of one registered
 * application in one process), and it lets one request through at a time: the next one waits until
 * the previous answer was read, so a block one feed learns of also holds the request another feed
 * was about to send. Waits go through the connector's {@link Sleeper} and times come from its
 * {@link Clock}, so tests run them on simulated time (Failsafe's limiter reads {@code
 * System.nanoTime} and cannot). A wait is never shortened: no cap below the vendor's reset.
 */
public final class RateGate {
  private static final Logger log = LoggerFactory.getLogger(RateGate.class);

  /** Floor and jitter added to a vendor's wait, so gates that were blocked together part. */
  static final long FLOOR_MILLIS = 100;

  static final long JITTER_MILLIS = 500;

  private final Duration interval;
  private final Clock clock;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final ReentrantLock turn = new ReentrantLock(true);
  private Instant nextSlot = Instant.MIN;
  private volatile Instant blockedUntil = Instant.MIN;

  /**
   * @param interval the smallest gap between two requests; {@link Duration#ZERO} for no client-side
   *     pace
   */
  public RateGate(Duration interval, Clock clock, Sleeper sleeper, DoubleSupplier random) {
    this.interval = Objects.requireNonNull(interval, "interval");
    this.clock = clock;
    this.sleeper = sleeper;
    this.random = random;
  }

  /** A gate of {@code permits} requests per {@code period}, spread evenly. */
  public static RateGate of(
      long permits, Duration period, Clock clock, Sleeper sleeper, DoubleSupplier random) {
    return new RateGate(period.dividedBy(permits), clock, sleeper, random);
  }

  /** A request's turn; {@link #close()} it once its answer was read. */
  public final class Turn implements AutoCloseable {
    private Turn() {}

    @Override
    public void close() {
      turn.unlock();
    }
  }

  /**
   * Waits until a request may go out: after the previous one's answer, after the client-side pace
   * and after any block the vendor asked for.
   *
   * @throws InterruptedException when the connector is stopping
   */
  public Turn acquire() throws InterruptedException {
    turn.lockInterruptibly();
    try {
      while (true) {
        Instant now = clock.instant();
        Instant at = later(nextSlot, blockedUntil);
        if (!at.isAfter(now)) {
          nextSlot = now.plus(interval);
          return new Turn();
        }
        Sleeper.waitFor(sleeper, Duration.between(now, at));
      }
    } catch (InterruptedException | RuntimeException e) {
      turn.unlock();
      throw e;
    }
  }

  /**
   * The vendor asked for {@code wait}: no request goes out before now + wait (plus a little jitter,
   * so a reset that has just passed does not spin and blocked gates part again).
   */
  public void block(Duration wait, String source) {
    Instant until =
        clock
            .instant()
            .plus(wait)
            .plusMillis(FLOOR_MILLIS + (long) (random.getAsDouble() * JITTER_MILLIS));
    synchronized (this) {
      if (until.isAfter(blockedUntil)) {
        blockedUntil = until;
        log.info(
            "{}: the vendor asked to wait {} ms; no request to it before {}",
            source,
            wait.toMillis(),
            until);
      }
    }
  }

  /**
   * Waits, without taking a turn, until no block the vendor asked for lasts.
   *
   * @throws InterruptedException when the connector is stopping
   */
  public void awaitUnblocked() throws InterruptedException {
    for (Instant now = clock.instant(); blockedUntil.isAfter(now); now = clock.instant()) {
      Sleeper.waitFor(sleeper, Duration.between(now, blockedUntil));
    }
  }

  /** True while a block the vendor asked for lasts. */
  public boolean blocked() {
    return blockedUntil.isAfter(clock.instant());
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
