package io.sluice.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.connectors.core.ConnectorMetrics;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.VendorException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OAuth2ClientCredentialsTest {
  private static final String CLIENT_SECRET = "cs-7f3a9b21-very-secret";

  private final MutableClock clock = new MutableClock(Instant.parse("2024-05-02T20:00:00Z"));
  private final AtomicInteger issued = new AtomicInteger();
  private final List<String> forms = new CopyOnWriteArrayList<>();
  private volatile int tokenStatus = 200;
  private volatile int apiStatus = 200;
  private final List<String> apiAuthorizations = new CopyOnWriteArrayList<>();

  private final TinyServer tokenServer =
      new TinyServer(
          "/oauth/token",
          exchange -> {
            forms.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (tokenStatus != 200) {
              TinyServer.respond(
                  exchange,
                  tokenStatus,
                  utf8("{\"error\":\"invalid_client\",\"error_description\":\"Bad client\"}"));
              return;
            }
            int n = issued.incrementAndGet();
            TinyServer.respond(
                exchange,
                200,
                utf8(
                    "{\"access_token\":\"tok-"
                        + n
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":1799,\"scope\":\"\"}"));
          });
  private final TinyServer apiServer =
      new TinyServer(
          "/api",
          exchange -> {
            apiAuthorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            int status = apiStatus;
            TinyServer.respond(exchange, status, utf8("{}"));
          });

  private final HttpPageClient http =
      new HttpPageClient(
          HttpPageClient.newClient(Duration.ofSeconds(2)),
          Duration.ofSeconds(5),
          1 << 20,
          new ConnectorMetrics(new SimpleMeterRegistry(), "test.feed"));
  private final OAuth2ClientCredentials auth =
      new OAuth2ClientCredentials(
          http,
          tokenServer.uri("/oauth/token"),
          "client-1",
          Secret.of(CLIENT_SECRET),
          Optional.empty(),
          Duration.ofSeconds(60),
          clock);

  @AfterEach
  void close() {
    tokenServer.close();
    apiServer.close();
  }

  @Test
  void shouldPostTheClientCredentialsGrantAsAForm() throws Exception {
    call();

    assertThat(forms).hasSize(1);
    String form = URLDecoder.decode(forms.get(0), StandardCharsets.UTF_8);
    assertThat(form)
        .contains("grant_type=client_credentials", "client_id=client-1")
        .contains("client_secret=" + CLIENT_SECRET);
    assertThat(apiAuthorizations).containsExactly("Bearer tok-1");
  }

  @Test
  void shouldReuseTheCachedTokenWhileItIsFresh() throws Exception {
    call();
    clock.advance(Duration.ofMinutes(20));
    call();

    assertThat(issued).hasValue(1);
    assertThat(apiAuthorizations).containsExactly("Bearer tok-1", "Bearer tok-1");
  }

  @Test
  void shouldRefreshSixtySecondsBeforeExpiry() throws Exception {
    call();
    clock.advance(Duration.ofSeconds(1799 - 61));
    call();
    clock.advance(Duration.ofSeconds(1));
    call();

    assertThat(issued).hasValue(2);
    assertThat(apiAuthorizations).containsExactly("Bearer tok-1", "Bearer tok-1", "Bearer tok-2");
  }

  @Test
  void shouldFetchANewTokenOnceAfterA401AndRetryTheRequestOnce() throws Exception {
    call();
    apiStatus = 401;

    HttpResult result = call();

    assertThat(result.status()).as("a second 401 is final").isEqualTo(401);
    assertThat(issued).hasValue(2);
    assertThat(apiAuthorizations).containsExactly("Bearer tok-1", "Bearer tok-1", "Bearer tok-2");
  }

  @Test
  void shouldReportARejectedClientAsAnAuthenticationErrorWithoutTheSecret() {
    tokenStatus = 401;

    assertThatThrownBy(this::call)
        .isInstanceOfSatisfying(
            VendorException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
              assertThat(e.vendorCode()).contains("invalid_client");
            })
        .hasMessageContaining("invalid_client: Bad client")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET));
  }

  @Test
  void shouldRetryATokenEndpointOutage() {
    tokenStatus = 503;

    assertThatThrownBy(this::call)
        .isInstanceOfSatisfying(
            VendorException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE));
  }

  private HttpResult call() throws Exception {
    URI api = apiServer.uri("/api/logs");
    return http.send(() -> HttpRequest.newBuilder(api).GET(), auth);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
