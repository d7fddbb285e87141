package io.sluice.connectors.graph;

import io.sluice.connectors.http.RateLimitHeaders;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Microsoft Graph: on 429, {@code Retry-After} is a number of seconds (Graph throttling guidance).
 * RFC 9110 also allows an HTTP date there, so that form is accepted too (compared with the
 * response's {@code Date}, the server's clock); when the header is absent the poll loop backs off
 * exponentially, as Microsoft advises.
 */
public final class GraphRetryAfterHeaders implements RateLimitHeaders {
  static final String RETRY_AFTER = "Retry-After";

  @Override
  public Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
    Optional<String> value = headers.firstValue(RETRY_AFTER).map(String::trim);
    Optional<Long> seconds = RateLimitHeaders.parseLong(value);
    if (seconds.isPresent()) {
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds.get())));
    }
    try {
      return value.map(
          date ->
              RateLimitHeaders.until(
                  ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant(),
                  headers,
                  now));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
