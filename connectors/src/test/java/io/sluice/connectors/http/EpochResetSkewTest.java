package io.sluice.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.crowdstrike.CrowdStrikeRateLimitHeaders;
import io.sluice.connectors.graph.GraphRetryAfterHeaders;
import io.sluice.connectors.okta.OktaRateLimitHeaders;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Epoch resets (Okta {@code X-Rate-Limit-Reset}, CrowdStrike {@code X-Ratelimit-Retryafter},
 * Graph's HTTP-date {@code Retry-After}) are measured from the response's {@code Date}, the
 * vendor's clock, so that a connector clock running apart from the vendor's neither sends inside
 * the block nor waits for nothing.
 */
class EpochResetSkewTest {
  /** The vendor's clock when it answered. */
  private static final Instant VENDOR_NOW = Instant.parse("2024-05-02T20:18:57Z");

  private static final Instant RESET = VENDOR_NOW.plusSeconds(42);

  @Test
  void shouldWaitTheWholeResetWhenOurClockRunsAheadOfTheVendors() {
    Instant oursAhead = VENDOR_NOW.plusSeconds(90);

    assertThat(okta(oursAhead, true)).contains(Duration.ofSeconds(42));
    assertThat(crowdStrike(oursAhead, true)).contains(Duration.ofSeconds(42));
    assertThat(graph(oursAhead, true)).contains(Duration.ofSeconds(42));
  }

  @Test
  void shouldNotWaitTooLongWhenOurClockRunsBehindTheVendors() {
    Instant oursBehind = VENDOR_NOW.minusSeconds(600);

    assertThat(okta(oursBehind, true)).contains(Duration.ofSeconds(42));
    assertThat(crowdStrike(oursBehind, true)).contains(Duration.ofSeconds(42));
  }

  @Test
  void shouldSendInsideTheBlockWhenTheDateHeaderIsMissingAndOurClockIsAhead() {
    // what the local-clock arithmetic did: 90 s ahead, a 42 s block looks already over
    Instant oursAhead = VENDOR_NOW.plusSeconds(90);

    assertThat(okta(oursAhead, false)).contains(Duration.ZERO);
    assertThat(crowdStrike(oursAhead, false)).contains(Duration.ZERO);
  }

  @Test
  void shouldNeverWaitLessThanTheResetAlthoughDateHasWholeSeconds() {
    // Date is truncated: the vendor answered at 20:18:57.900, says 20:18:57; reset at :58
    HttpHeaders headers =
        headers(
            Map.of(
                "Date",
                date(VENDOR_NOW),
                "X-Rate-Limit-Reset",
                Long.toString(VENDOR_NOW.getEpochSecond() + 1)));

    assertThat(new OktaRateLimitHeaders().retryAfter(headers, VENDOR_NOW.plusMillis(900)))
        .contains(Duration.ofSeconds(1));
  }

  @Test
  void shouldFallBackToOurClockWhenDateIsUnreadable() {
    HttpHeaders headers =
        headers(
            Map.of(
                "Date", "yesterday", "X-Rate-Limit-Reset", Long.toString(RESET.getEpochSecond())));

    assertThat(new OktaRateLimitHeaders().retryAfter(headers, VENDOR_NOW))
        .contains(Duration.ofSeconds(42));
  }

  private static java.util.Optional<Duration> okta(Instant ours, boolean withDate) {
    return new OktaRateLimitHeaders()
        .retryAfter(
            with(withDate, "X-Rate-Limit-Reset", Long.toString(RESET.getEpochSecond())), ours);
  }

  private static java.util.Optional<Duration> crowdStrike(Instant ours, boolean withDate) {
    return new CrowdStrikeRateLimitHeaders()
        .retryAfter(
            with(withDate, "X-Ratelimit-Retryafter", Long.toString(RESET.getEpochSecond())), ours);
  }

  private static java.util.Optional<Duration> graph(Instant ours, boolean withDate) {
    return new GraphRetryAfterHeaders()
        .retryAfter(with(withDate, "Retry-After", date(RESET)), ours);
  }

  private static HttpHeaders with(boolean withDate, String name, String value) {
    return withDate
        ? headers(Map.of("Date", date(VENDOR_NOW), name, value))
        : headers(Map.of(name, value));
  }

  private static String date(Instant at) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC));
  }

  private static HttpHeaders headers(Map<String, String> values) {
    Map<String, List<String>> all = new java.util.HashMap<>();
    values.forEach((k, v) -> all.put(k, List.of(v)));
    return HttpHeaders.of(all, (a, b) -> true);
  }
}
