package io.sluice.connectors.crowdstrike;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

class CrowdStrikeErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2024-05-02T19:00:00Z");
  private static final URI ALERTS =
      URI.create("https://api.crowdstrike.com/alerts/combined/alerts/v1");

  @Test
  void shouldStopOnAnInsufficientScopeReportedInsideAnHttp200() throws Exception {
    String body = envelope(403, "Access denied: insufficient scope for this action");

    VendorException e = inBody(result(200, Map.of(), body));

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.status()).isEqualTo("200");
    assertThat(e.vendorCode()).contains("403");
    assertThat(e.getMessage())
        .contains("HTTP 200 with errors[] code 403", "insufficient scope", "trace_id 7f3c")
        .contains("Alerts: Read");
  }

  @Test
  void shouldRetryAServerErrorReportedInsideAnHttp200() throws Exception {
    VendorException e = inBody(result(200, Map.of(), envelope(500, "Internal Server Error")));

    assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE);
  }

  @Test
  void shouldRetryAnErrorCodeThatIsNotANumberAsUnknown() throws Exception {
    String body =
        "{\"meta\":{},\"resources\":[],\"errors\":[{\"code\":\"weird\",\"message\":\"odd\"}]}";

    VendorException e = inBody(result(200, Map.of(), body));

    assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN);
    assertThat(e.getMessage()).contains("weird odd");
  }

  @Test
  void shouldWaitUntilTheEpochSecondOfXRatelimitRetryafter() {
    HttpResult result =
        result(
            429,
            Map.of("X-Ratelimit-Retryafter", List.of(Long.toString(NOW.getEpochSecond() + 12))),
            envelope(429, "API rate limit exceeded."));

    VendorException e = CrowdStrikeErrors.classify(result, NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
  }

  @Test
  void shouldStopWithAnAuthenticationErrorWhenAFreshTokenIsRefused() {
    VendorException e =
        CrowdStrikeErrors.classify(
            result(401, Map.of(), envelope(401, "access denied, invalid bearer token")), NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(e.getMessage())
        .contains("HTTP 401", "invalid bearer token")
        .contains("CROWDSTRIKE_CLIENT_ID", "CROWDSTRIKE_CLIENT_SECRET");
  }

  @Test
  void shouldStopOnAnHttp403NamingTheScope() {
    VendorException e =
        CrowdStrikeErrors.classify(result(403, Map.of(), envelope(403, "access denied")), NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("Alerts: Read");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 405})
  void shouldTreatABadRequestAsPermanent(int status) {
    VendorException e =
        CrowdStrikeErrors.classify(result(status, Map.of(), envelope(status, "bad")), NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("base.url");
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void shouldRetryServerErrors(int status) {
    VendorException e = CrowdStrikeErrors.classify(result(status, Map.of(), ""), NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE);
    assertThat(e.getMessage()).contains("no CrowdStrike error body");
  }

  @Test
  void shouldRetryAnUndocumentedStatusAsUnknown() {
    VendorException e =
        CrowdStrikeErrors.classify(result(409, Map.of(), envelope(409, "conflict")), NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN);
  }

  private static VendorException inBody(HttpResult result) throws Exception {
    JsonNode body = JSON.readTree(result.body());
    return CrowdStrikeErrors.inBody(result, body.get("errors"), body.get("meta"), NOW);
  }

  private static String envelope(int code, String message) {
    return "{\"meta\":{\"query_time\":0.01,\"powered_by\":\"msa-api\",\"trace_id\":\"7f3c\"},"
        + "\"resources\":[],\"errors\":[{\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\"}]}";
  }

  private static HttpResult result(int status, Map<String, List<String>> headers, String body) {
    return new HttpResult(
        ALERTS,
        status,
        HttpHeaders.of(headers, (a, b) -> true),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
