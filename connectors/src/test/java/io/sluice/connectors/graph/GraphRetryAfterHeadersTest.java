package io.sluice.connectors.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphRetryAfterHeadersTest {
  private static final Instant NOW = Instant.parse("2024-05-02T19:15:41Z");
  private final GraphRetryAfterHeaders parser = new GraphRetryAfterHeaders();

  @Test
  void shouldReadRetryAfterAsSeconds() {
    assertThat(parser.retryAfter(headers("Retry-After", "7"), NOW)).contains(Duration.ofSeconds(7));
  }

  @Test
  void shouldAcceptTheHttpDateFormThatRfc9110AllowsToo() {
    assertThat(parser.retryAfter(headers("Retry-After", "Thu, 02 May 2024 19:16:11 GMT"), NOW))
        .contains(Duration.ofSeconds(30));
  }

  @Test
  void shouldGiveNothingWhenAbsentSoTheLoopBacksOffExponentially() {
    assertThat(parser.retryAfter(headers("x-ms-throttle-limit-percentage", "0.9"), NOW)).isEmpty();
  }

  @Test
  void shouldGiveNothingForGarbage() {
    assertThat(parser.retryAfter(headers("Retry-After", "later"), NOW)).isEmpty();
  }

  private static HttpHeaders headers(String name, String value) {
    return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
  }
}
