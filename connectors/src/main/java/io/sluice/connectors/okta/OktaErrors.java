package io.sluice.connectors.okta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.HttpResult;
import io.sluice.connectors.http.RateLimitHeaders;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * Classifies a non-200 Okta response from the HTTP status alone. Okta's error body {@code
 * {errorCode, errorSummary, errorId, errorCauses}} is read only to show the operator what Okta
 * said: the {@code E0000...} codes are opaque and decide nothing.
 *
 * <ul>
 *   <li>401: the API token is invalid, expired or revoked → authentication (stop)
 *   <li>403: the token's admin lacks permission for the System Log → permanent (stop)
 *   <li>400, 404, 405: the request itself is wrong (a {@code since} beyond retention, a bad {@code
 *       after} cursor, a wrong base URL) → permanent (stop)
 *   <li>429: rate limit; wait until {@code X-Rate-Limit-Reset} (epoch seconds)
 *   <li>5xx (incl. 500 on Okta's 30 s query timeout): retryable
 *   <li>anything else: unknown, retried up to the bound
 * </ul>
 */
public final class OktaErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RateLimitHeaders RATE_LIMIT = new OktaRateLimitHeaders();

  private OktaErrors() {}

  public static VendorException classify(HttpResult result, Instant now) {
    int status = result.status();
    JsonNode body = parse(result.body());
    String code = text(body, "errorCode");
    String summary = text(body, "errorSummary");
    String errorId = text(body, "errorId");
    String said =
        code == null && summary == null
            ? "no Okta error body"
            : (code == null ? "" : code + " ")
                + (summary == null ? "" : summary)
                + (errorId == null ? "" : " (errorId " + errorId + ")");
    String where = result.where() + " answered HTTP " + status + ": " + said.trim();
    String statusLabel = Integer.toString(status);
    if (status == 429) {
      Duration wait = RATE_LIMIT.retryAfter(result.headers(), now).orElse(null);
      return new VendorException(ErrorKind.RATE_LIMITED, statusLabel, code, where, wait, null);
    }
    if (status == 401) {
      return new VendorException(
          ErrorKind.AUTHENTICATION,
          statusLabel,
          code,
          where + ". Check the API token in OKTA_API_TOKEN or OKTA_API_TOKEN_FILE");
    }
    if (status == 403) {
      return new VendorException(
          ErrorKind.PERMANENT,
          statusLabel,
          code,
          where + ". The token's admin needs permission to read the System Log");
    }
    if (status == 400 || status == 404 || status == 405) {
      return new VendorException(
          ErrorKind.PERMANENT,
          statusLabel,
          code,
          where + ". Check base.url and since (Okta keeps 90 days of System Log)");
    }
    if (status >= 500 && status <= 599) {
      return new VendorException(ErrorKind.RETRYABLE, statusLabel, code, where);
    }
    return new VendorException(
        ErrorKind.UNKNOWN, statusLabel, code, where + " (a status Okta does not document here)");
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode node = body.length == 0 ? null : JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode body, String field) {
    return body != null && body.hasNonNull(field) ? body.get(field).asText() : null;
  }
}
