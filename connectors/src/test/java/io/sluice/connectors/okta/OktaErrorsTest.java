package io.sluice.connectors.okta;

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

class OktaErrorsTest {
  private static final Instant NOW = Instant.parse("2024-05-02T20:18:57Z");
  private static final URI URI_WITH_CURSOR =
      URI.create("https://acme.okta.com/api/v1/logs?limit=1000&after=secretish-cursor");

  @Test
  void shouldStopWithAnAuthenticationErrorOn401AndSayWhereTheTokenComesFrom() {
    VendorException e =
        OktaErrors.classify(
            result(
                401,
                "{\"errorCode\":\"E0000011\",\"errorSummary\":\"Invalid token provided\","
                    + "\"errorLink\":\"E0000011\",\"errorId\":\"oaeXYZ\",\"errorCauses\":[]}"),
            NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.AUTHENTICATION);
    assertThat(e.vendorCode()).contains("E0000011");
    assertThat(e.getMessage())
        .contains("HTTP 401", "E0000011 Invalid token provided", "errorId oaeXYZ")
        .contains("OKTA_API_TOKEN")
        .doesNotContain("secretish-cursor");
  }

  @Test
  void shouldTreat403AsPermanentBecauseRetryingCannotGrantAPermission() {
    VendorException e =
        OktaErrors.classify(
            result(
                403,
                "{\"errorCode\":\"E0000006\",\"errorSummary\":\"You do not have"
                    + " permission to perform the requested action\"}"),
            NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("permission");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 405})
  void shouldTreatABadRequestAsPermanent(int status) {
    VendorException e =
        OktaErrors.classify(
            result(status, "{\"errorCode\":\"E0000053\",\"errorSummary\":\"Invalid date\"}"), NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
  }

  @Test
  void shouldWaitUntilTheEpochSecondsResetOn429() {
    HttpResult tooMany =
        new HttpResult(
            URI_WITH_CURSOR,
            429,
            HttpHeaders.of(
                Map.of(
                    "X-Rate-Limit-Reset", List.of(Long.toString(NOW.getEpochSecond() + 20)),
                    "X-Rate-Limit-Remaining", List.of("0")),
                (a, b) -> true),
            bytes(
                "{\"errorCode\":\"E0000047\",\"errorSummary\":\"API call exceeded rate limit due"
                    + " to too many requests.\"}"));

    VendorException e = OktaErrors.classify(tooMany, NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(20));
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void shouldRetryServerErrorsIncludingOktasQueryTimeout(int status) {
    VendorException e =
        OktaErrors.classify(
            result(
                status, "{\"errorCode\":\"E0000009\",\"errorSummary\":\"Internal Server Error\"}"),
            NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.RETRYABLE);
  }

  @ParameterizedTest
  @ValueSource(ints = {302, 409, 418, 451})
  void shouldCallUndocumentedStatusesUnknownSoTheyAreRetriedOnlyUpToTheBound(int status) {
    VendorException e = OktaErrors.classify(result(status, ""), NOW);

    assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN);
    assertThat(e.kind().retryable()).isTrue();
  }

  @Test
  void shouldNotDecideAnythingFromTheOpaqueErrorCode() {
    // Same code, different statuses: the status alone decides.
    String body = "{\"errorCode\":\"E0000047\",\"errorSummary\":\"x\"}";

    assertThat(OktaErrors.classify(result(503, body), NOW).kind()).isEqualTo(ErrorKind.RETRYABLE);
    assertThat(OktaErrors.classify(result(401, body), NOW).kind())
        .isEqualTo(ErrorKind.AUTHENTICATION);
  }

  @Test
  void shouldNotEchoABodyThatIsNotOktasErrorJson() {
    VendorException e = OktaErrors.classify(result(502, "<html>proxy said SSWS abc</html>"), NOW);

    assertThat(e.getMessage()).contains("no Okta error body").doesNotContain("SSWS");
  }

  private static HttpResult result(int status, String body) {
    return new HttpResult(
        URI_WITH_CURSOR, status, HttpHeaders.of(Map.of(), (a, b) -> true), bytes(body));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
