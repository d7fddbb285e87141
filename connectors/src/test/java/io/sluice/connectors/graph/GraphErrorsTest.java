package io.sluice.connectors.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.HttpResult;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GraphErrorsTest {
  private static final Instant NOW = Instant.parse("2024-05-02T19:15:41Z");
  private static final URI NEXT_LINK =
      URI.create(
          "https://graph.microsoft.com/v1.0/auditLogs/signIns?$top=1000&$skiptoken=secretish-token");

  @Test
  void shouldStopWithAnAuthenticationErrorWhenGraphRefusesAFreshToken() {
    VendorException e =
        GraphErrors.classify(
            result(
                401,
                Map.of(),
                error(
                    "InvalidAuthenticationToken", "Access token has expired or is not yet valid.")),
            NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(e.vendorCode()).contains("InvalidAuthenticationToken");
    assertThat(e.getMessage())
        .contains("HTTP 401", "Access token has expired", "request-id 5a1e")
        .contains("ENTRA_CLIENT_ID", "ENTRA_CLIENT_SECRET")
        .doesNotContain("secretish-token");
  }

  @Test
  void shouldStopOnAMissingPermissionAndNameThePermissionsToGrant() {
    VendorException e =
        GraphErrors.classify(
            result(
                403,
                Map.of(),
                error(
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation.")),
            NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage())
        .contains("Authorization_RequestDenied")
        .contains("AuditLog.Read.All", "Directory.Read.All");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 405})
  void shouldTreatABadRequestAsPermanent(int status) {
    VendorException e =
        GraphErrors.classify(result(status, Map.of(), error("BadRequest", "Invalid filter")), NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("base.url");
  }

  @Test
  void shouldWaitTheRetryAfterSecondsOfA429() {
    VendorException e =
        GraphErrors.classify(
            result(429, Map.of("Retry-After", List.of("7")), error("TooManyRequests", "Too many")),
            NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void shouldLeaveTheWaitToExponentialBackoffWhenA429HasNoRetryAfter() {
    VendorException e =
        GraphErrors.classify(result(429, Map.of(), error("TooManyRequests", "Too many")), NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryAfter()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void shouldRetryServerErrors(int status) {
    VendorException e =
        GraphErrors.classify(
            result(status, Map.of(), error("serviceNotAvailable", "Service unavailable")), NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE);
    assertThat(e.status()).isEqualTo(Integer.toString(status));
  }

  @Test
  void shouldRetryAnUndocumentedStatusAsUnknownAndShowWhatGraphSaid() {
    VendorException e =
        GraphErrors.classify(result(418, Map.of(), error("Teapot", "short and stout")), NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN);
    assertThat(e.getMessage()).contains("Teapot short and stout");
  }

  @Test
  void shouldCopeWithABodyThatIsNotGraphsErrorShape() {
    VendorException e =
        GraphErrors.classify(result(502, Map.of(), "<html>Bad gateway</html>"), NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE);
    assertThat(e.getMessage()).contains("no Graph error body");
  }

  private static String error(String code, String message) {
    return "{\"error\":{\"code\":\""
        + code
        + "\",\"message\":\""
        + message
        + "\",\"innerError\":{\"date\":\"2024-05-02T19:15:41\",\"request-id\":\"5a1e\","
        + "\"client-request-id\":\"5a1e\"}}}";
  }

  private static HttpResult result(int status, Map<String, List<String>> headers, String body) {
    return new HttpResult(
        NEXT_LINK,
        status,
        HttpHeaders.of(headers, (a, b) -> true),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
