package io.sluice.connectors.http;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How long a vendor asks us to wait, read from its own rate-limit headers in its own units. One
 * implementation per vendor (Mimecast milliseconds, Okta and CrowdStrike epoch seconds, Graph
 * seconds), each unit-tested; a header that is absent or unreadable yields empty, and the poll loop
 * falls back to exponential backoff.
 *
 * <p>An epoch reset is compared with the response's own {@code Date} header (RFC 9110 §6.6.1: the
 * server's clock when it answered), not with ours: a connector whose clock is behind the vendor's
 * would otherwise compute a wait that ends before the vendor's reset and send inside the block.
 * {@code Date} has whole seconds and is truncated, so the wait computed from it is never shorter
 * than the real one. Only when {@code Date} is absent is the local clock used.
 */
public interface RateLimitHeaders {

  /** The wait a 429 asks for. */
  Optional<Duration> retryAfter(HttpHeaders headers, Instant now);

  /**
   * The wait a response asks for although it succeeded, because it used up the quota (Mimecast's
   * and Okta's remaining count of 0 on every response); empty when the vendor does not say.
   */
  default Optional<Duration> exhausted(HttpHeaders headers, Instant now) {
    return Optional.empty();
  }

  /** Parses {@code value} as a long, or empty. */
  static Optional<Long> parseLong(Optional<String> value) {
    try {
      return value.map(String::trim).map(Long::parseLong);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** True when {@code name} is present and says 0 (nothing left in this window). */
  static boolean noneRemaining(HttpHeaders headers, String name) {
    return parseLong(headers.firstValue(name)).map(n -> n <= 0).orElse(false);
  }

  /** The server's clock when it answered: its {@code Date} header, if present and readable. */
  static Optional<Instant> serverTime(HttpHeaders headers) {
    try {
      return headers
          .firstValue("Date")
          .map(String::trim)
          .map(d -> ZonedDateTime.parse(d, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * The wait until {@code at} by the server's clock ({@code Date}), else by ours; never negative.
   */
  static Duration until(Instant at, HttpHeaders headers, Instant localNow) {
    Duration wait = Duration.between(serverTime(headers).orElse(localNow), at);
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  /** {@link #until} an epoch-seconds instant. */
  static Duration untilEpochSeconds(long epochSeconds, HttpHeaders headers, Instant localNow) {
    return until(Instant.ofEpochSecond(epochSeconds), headers, localNow);
  }
}
