package io.sluice.connectors.mimecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MimecastRateLimitHeadersTest {
  private static final Instant NOW = Instant.parse("2024-11-14T19:44:02Z");
  private final MimecastRateLimitHeaders parser = new MimecastRateLimitHeaders();

  @Test
  void shouldReadResetAsMillisecondsToWaitNotAsAnInstant() {
    assertThat(parser.retryAfter(headers("X-RateLimit-Reset", "1500"), NOW))
        .contains(Duration.ofMillis(1500));
  }

  @Test
  void shouldGiveNothingBeforeTheLimitIsHitWhenResetIsAbsent() {
    assertThat(parser.retryAfter(headers("X-RateLimit-Remaining", "17"), NOW)).isEmpty();
  }

  @Test
  void shouldGiveNothingForAValueThatIsNotANumber() {
    assertThat(parser.retryAfter(headers("X-RateLimit-Reset", "1.5s"), NOW)).isEmpty();
  }

  @Test
  void shouldNeverWaitANegativeTime() {
    assertThat(parser.retryAfter(headers("X-RateLimit-Reset", "-20"), NOW)).contains(Duration.ZERO);
  }

  private static HttpHeaders headers(String name, String value) {
    return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
  }
}
