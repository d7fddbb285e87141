package io.sluice.connectors.mimecast;

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
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Classification from documented fields only: HTTP status, meta.status, fail[] and retryable. */
class MimecastErrorsTest {
  private static final Instant NOW = Instant.parse("2024-11-14T20:00:00Z");

  @Test
  void shouldTreatANestedNonRetryableFailInA200AsPermanentAndNameTheVendorCode() throws Exception {
    VendorException e =
        inBody(
            "{\"meta\":{\"status\":200},\"data\":[],\"fail\":[{\"key\":{\"from\":\"x\"},\"errors\":"
                + "[{\"code\":\"err_validation_blank\",\"message\":\"0001 from is blank\","
                + "\"retryable\":false}]}]}");

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.vendorCode()).contains("err_validation_blank");
    assertThat(e.getMessage()).contains("HTTP 200 with fail[]", "0001 from is blank");
  }

  @Test
  void shouldRetryANestedFailMarkedRetryable() throws Exception {
    VendorException e =
        inBody(
            "{\"meta\":{\"status\":200},\"data\":[],\"fail\":[{\"key\":{},\"errors\":[{\"code\":"
                + "\"err_backend\",\"message\":\"busy\",\"retryable\":true}]}]}");

    assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE);
  }

  @Test
  void shouldTreatTheFlatApi2ShapeWithoutAFlagAsUnknownAndKeepItsCodeAndMessage() throws Exception {
    VendorException e =
        inBody(
            "{\"meta\":{\"status\":200},\"data\":[],\"fail\":[{\"code\":\"err_something_new\","
                + "\"message\":\"Something new\"}]}");

    assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN);
    assertThat(e.kind().retryable()).isTrue();
    assertThat(e.vendorCode()).contains("err_something_new");
    assertThat(e.getMessage()).contains("Something new");
  }

  @Test
  void shouldClassifyA200ByItsMetaStatusWhenThatIsNot200() throws Exception {
    VendorException e =
        inBody(
            "{\"meta\":{\"status\":401},\"data\":[],\"fail\":[{\"code\":"
                + "\"err_xdk_invalid_signature\",\"message\":\"0004 Invalid Signature\","
                + "\"retryable\":false}]}");

    assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(e.getMessage()).contains("meta.status 401", "MIMECAST_CLIENT_SECRET");
  }

  @Test
  void shouldPassA200WithAnEmptyFailArray() throws Exception {
    MimecastEnvelope envelope =
        MimecastEnvelope.parse(
            bytes("{\"meta\":{\"status\":200},\"data\":[],\"fail\":[]}"), "clickLogs", Set.of());

    assertThat(MimecastErrors.inBody(result(200, "", Map.of()), envelope, NOW)).isEmpty();
  }

  @Test
  void shouldWaitTheMillisecondsOfXRateLimitResetOnA429() {
    VendorException e =
        MimecastErrors.httpStatus(
            result(
                429,
                "{\"fail\":[{\"code\":\"x\",\"message\":\"Quota Exceeded\"}]}",
                Map.of("X-RateLimit-Reset", "1500")),
            NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
  }

  @Test
  void shouldFallBackToBackoffWhenA429HasNoResetHeader() {
    VendorException e = MimecastErrors.httpStatus(result(429, "", Map.of()), NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryAfter()).isEmpty();
  }

  @Test
  void shouldClassifyEachDocumentedHttpStatus() {
    assertThat(kind(401)).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(kind(418)).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(kind(403)).isEqualTo(ErrorKind.PERMANENT);
    assertThat(kind(400)).isEqualTo(ErrorKind.PERMANENT);
    assertThat(kind(404)).isEqualTo(ErrorKind.PERMANENT);
    assertThat(kind(409)).isEqualTo(ErrorKind.PERMANENT);
    assertThat(kind(500)).isEqualTo(ErrorKind.RETRYABLE);
    assertThat(kind(503)).isEqualTo(ErrorKind.RETRYABLE);
    assertThat(kind(302)).isEqualTo(ErrorKind.UNKNOWN);
  }

  @Test
  void shouldShowTheFlatApi2CodeOfA401Body() {
    VendorException e =
        MimecastErrors.httpStatus(
            result(
                401,
                "{\"fail\":[{\"code\":\"token_expired\",\"message\":\"Token is expired\"}]}",
                Map.of()),
            NOW);

    assertThat(e.vendorCode()).contains("token_expired");
    assertThat(e.getMessage()).contains("HTTP 401", "Token is expired");
  }

  private static ErrorKind kind(int status) {
    return MimecastErrors.httpStatus(result(status, "", Map.of()), NOW).kind();
  }

  private static VendorException inBody(String json) throws Exception {
    MimecastEnvelope envelope = MimecastEnvelope.parse(bytes(json), "clickLogs", Set.of());
    return MimecastErrors.inBody(result(200, json, Map.of()), envelope, NOW).orElseThrow();
  }

  private static HttpResult result(int status, String body, Map<String, String> headers) {
    Map<String, List<String>> map = new java.util.HashMap<>();
    headers.forEach((k, v) -> map.put(k, List.of(v)));
    return new HttpResult(
        URI.create("https://api.services.mimecast.com/api/ttp/url/get-logs"),
        status,
        HttpHeaders.of(map, (a, b) -> true),
        bytes(body));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
