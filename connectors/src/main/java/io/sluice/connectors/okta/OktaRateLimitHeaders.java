package io.sluice.connectors.okta;

import io.sluice.connectors.http.RateLimitHeaders;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Okta: {@code X-Rate-Limit-Reset} is "UTC epoch time (in seconds)" when the window resets
 * (developer.okta.com rl-best-practices); wait until then.
 */
public final class OktaRateLimitHeaders implements RateLimitHeaders {
  static final String RESET = "X-Rate-Limit-Reset";

  @Override
  public Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
    return RateLimitHeaders.parseLong(headers.firstValue(RESET))
        .map(epochSeconds -> RateLimitHeaders.untilEpochSeconds(epochSeconds, now));
  }
}
