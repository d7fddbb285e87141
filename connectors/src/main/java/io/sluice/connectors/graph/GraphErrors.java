package io.sluice.connectors.graph;

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
 * Classifies a non-200 Microsoft Graph response from the HTTP status. Graph's error body {@code
 * {"error":{"code","message","innerError":{"request-id","date"}}}} is read only to tell the
 * operator what Graph said (and the request id Microsoft support asks for); the code strings
 * ({@code Authorization_RequestDenied}, {@code InvalidAuthenticationToken}) are opaque.
 *
 * <ul>
 *   <li>401: the token was refused even after one fresh token → authentication (stop)
 *   <li>403: the app lacks the permission (or the tenant the licence) → permanent (stop)
 *   <li>400, 404, 405: the request itself is wrong (filter, {@code $top}, base URL) → permanent
 *   <li>429: throttled; wait {@code Retry-After} seconds (exponential backoff when absent)
 *   <li>5xx (500, 502, 503, 504): retryable
 *   <li>anything else: unknown, retried up to the bound
 * </ul>
 */
public final class GraphErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RateLimitHeaders RATE_LIMIT = new GraphRetryAfterHeaders();

  /** What an operator grants in the app registration (Graph's signIn list page asks for both). */
  static final String PERMISSIONS =
      "the app registration needs the Microsoft Graph application permissions AuditLog.Read.All"
          + " and Directory.Read.All with admin consent, and the tenant a Microsoft Entra ID P1 or"
          + " P2 licence (sign-in logs are not available to free tenants)";

  private GraphErrors() {}

  public static VendorException classify(HttpResult result, Instant now) {
    int status = result.status();
    JsonNode error = parse(result.body());
    String code = text(error, "code");
    String message = text(error, "message");
    JsonNode inner = error == null ? null : error.get("innerError");
    String requestId = text(inner, "request-id");
    String said =
        code == null && message == null
            ? "no Graph error body"
            : (code == null ? "" : code + " ")
                + (message == null ? "" : message)
                + (requestId == null ? "" : " (request-id " + requestId + ")");
    String where = result.where() + " answered HTTP " + status + ": " + said.trim();
    String label = Integer.toString(status);
    if (status == 429) {
      Duration wait = RATE_LIMIT.retryAfter(result.headers(), now).orElse(null);
      return new VendorException(ErrorKind.RATE_LIMITED, label, code, where, wait, null);
    }
    if (status == 401) {
      return new VendorException(
          ErrorKind.AUTHENTICATION,
          label,
          code,
          where
              + ". Graph refused a freshly issued token: check entra.tenant, ENTRA_CLIENT_ID and"
              + " ENTRA_CLIENT_SECRET (or ENTRA_CLIENT_SECRET_FILE)");
    }
    if (status == 403) {
      return new VendorException(ErrorKind.PERMANENT, label, code, where + ". " + PERMISSIONS);
    }
    if (status == 400 || status == 404 || status == 405) {
      return new VendorException(
          ErrorKind.PERMANENT,
          label,
          code,
          where + ". Check base.url (e.g. https://graph.microsoft.com) and entra.top (1..1000)");
    }
    if (status >= 500 && status <= 599) {
      return new VendorException(ErrorKind.RETRYABLE, label, code, where);
    }
    return new VendorException(
        ErrorKind.UNKNOWN, label, code, where + " (a status Graph does not document here)");
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode node = body.length == 0 ? null : JSON.readTree(body);
      JsonNode error = node == null ? null : node.get("error");
      return error != null && error.isObject() ? error : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    return node != null && node.hasNonNull(field) ? node.get(field).asText() : null;
  }
}
