package io.sluice.connectors.okta;

import io.sluice.connectors.http.RateLimitHeaders;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Okta: {@code X-Rate-Limit-Reset} is "UTC epoch time (in seconds)" when the window resets, on
 * every response together with {@code X-Rate-Limit-Remaining} (developer.okta.com
 * rl-best-practices); wait until then, by the response's {@code Date}, after a 429 and also after a
 * success that left nothing remaining.
 */
public final class OktaRateLimitHeaders implements RateLimitHeaders {
  static final String RESET = "X-Rate-Limit-Reset";
  static final String REMAINING = "X-Rate-Limit-Remaining";

  @Override
  public Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
    return RateLimitHeaders.parseLong(headers.firstValue(RESET))
        .map(epochSeconds -> RateLimitHeaders.untilEpochSeconds(epochSeconds, headers, now));
  }

  @Override
  public Optional<Duration> exhausted(HttpHeaders headers, Instant now) {
    return RateLimitHeaders.noneRemaining(headers, REMAINING)
        ? retryAfter(headers, now)
        : Optional.empty();
  }
}
