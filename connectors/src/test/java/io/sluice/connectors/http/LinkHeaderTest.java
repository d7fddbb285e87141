package io.sluice.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {

  @Test
  void shouldReadOktasOneHeaderPerRelation() {
    HttpHeaders headers =
        headers(
            "<https://acme.okta.com/api/v1/logs?since=2024-05-01T00%3A00%3A00Z&limit=1000>;"
                + " rel=\"self\"",
            "<https://acme.okta.com/api/v1/logs?limit=1000&after=1714680000000_1>; rel=\"next\"");

    assertThat(LinkHeader.next(headers))
        .contains(URI.create("https://acme.okta.com/api/v1/logs?limit=1000&after=1714680000000_1"));
  }

  @Test
  void shouldReadSeveralLinksInOneHeader() {
    HttpHeaders headers =
        headers("<https://x.example/a>; rel=\"self\", <https://x.example/b?c=1,2>; rel=next");

    assertThat(LinkHeader.parse(headers))
        .containsEntry("self", URI.create("https://x.example/a"))
        .containsEntry("next", URI.create("https://x.example/b?c=1,2"));
  }

  @Test
  void shouldGiveNoNextWhenOnlySelfIsThere() {
    assertThat(LinkHeader.next(headers("<https://x.example/a>; rel=\"self\""))).isEmpty();
    assertThat(LinkHeader.next(HttpHeaders.of(Map.of(), (a, b) -> true))).isEmpty();
  }

  private static HttpHeaders headers(String... values) {
    return HttpHeaders.of(Map.of("Link", List.of(values)), (a, b) -> true);
  }
}
