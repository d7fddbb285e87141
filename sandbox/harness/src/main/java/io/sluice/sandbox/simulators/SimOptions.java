package io.sluice.sandbox.simulators;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a simulated vendor departs from the happy path, as the real one does. {@link #realistic()} is
 * what every simulator does unless a test says otherwise:
 *
 * <ul>
 *   <li>{@link #maxLateness}: a record becomes visible up to 150 s after its event time (a fixed
 *       delay per record, from a hash of its bytes), so records with older times turn up after
 *       newer ones, as vendor indexes do (the 0–150 s of issue 9's measurement)
 *   <li>{@link #cursorLifetime}: a paging cursor (Graph {@code $skiptoken}, CrowdStrike {@code
 *       after}, Mimecast {@code pageToken}) is refused once it is older than 2 minutes
 *   <li>{@link #clockSkew}: the vendor's clock runs 90 s behind the one it is given (the
 *       connector's), and says so in its {@code Date} header
 *   <li>{@link #quotas}: each vendor's own rate limit, with its headers on every response
 * </ul>
 *
 * @param clock the time line shared with the test (a {@link SimClock} for simulated time)
 */
public record SimOptions(
    Clock clock,
    Duration maxLateness,
    Duration cursorLifetime,
    Duration clockSkew,
    boolean quotas) {
  public SimOptions {
    Objects.requireNonNull(clock, "clock");
    if (maxLateness.isNegative() || cursorLifetime.isNegative()) {
      throw new IllegalArgumentException("lateness and cursor lifetime must not be negative");
    }
  }

  /** The real thing, on the system clock. */
  public static SimOptions realistic() {
    return new SimOptions(
        Clock.systemUTC(),
        Duration.ofSeconds(150),
        Duration.ofMinutes(2),
        Duration.ofSeconds(-90),
        true);
  }

  /** These options on {@code clock}. */
  public SimOptions on(Clock clock) {
    return new SimOptions(clock, maxLateness, cursorLifetime, clockSkew, quotas);
  }

  public SimOptions lateness(Duration max) {
    return new SimOptions(clock, max, cursorLifetime, clockSkew, quotas);
  }

  /** Cursors live this long; {@link Duration#ZERO}: for ever. */
  public SimOptions cursorsExpireAfter(Duration lifetime) {
    return new SimOptions(clock, maxLateness, lifetime, clockSkew, quotas);
  }

  public SimOptions skew(Duration skew) {
    return new SimOptions(clock, maxLateness, cursorLifetime, skew, quotas);
  }

  /** No vendor rate limit (for tests about something else that send requests back to back). */
  public SimOptions withoutQuotas() {
    return new SimOptions(clock, maxLateness, cursorLifetime, clockSkew, false);
  }

  /** The vendor's clock: {@link #clock} with {@link #clockSkew}. */
  Clock serverClock() {
    return clockSkew.isZero() ? clock : Clock.offset(clock, clockSkew);
  }
}
