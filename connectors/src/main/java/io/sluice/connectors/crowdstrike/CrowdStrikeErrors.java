package io.sluice.connectors.crowdstrike;

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
 * Classifies CrowdStrike failures: a non-2xx status, or — as Elastic's integration treats it — a
 * non-empty {@code errors[{code, message}]} in an HTTP 200 body, whose {@code code} is read as the
 * HTTP-like status it looks like (e.g. {@code 403} "Access denied: insufficient scope"). The
 * message is only shown to the operator, with the {@code trace_id} from {@code meta} that
 * CrowdStrike support asks for.
 *
 * <ul>
 *   <li>401: the token was refused even after one fresh token → authentication (stop)
 *   <li>403: the API client lacks the Alerts: Read scope → permanent (stop)
 *   <li>400, 404, 405: the request is wrong (filter, limit, base URL of another cloud) → permanent
 *   <li>429: rate limited; wait until {@code X-Ratelimit-Retryafter} (epoch seconds)
 *   <li>5xx: retryable
 *   <li>anything else, including an {@code errors[]} code that is not a number: unknown, retried up
 *       to the bound
 * </ul>
 */
public final class CrowdStrikeErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final RateLimitHeaders RATE_LIMIT = new CrowdStrikeRateLimitHeaders();

  static final String SCOPE_HINT =
      "The API client needs the Alerts: Read scope (Falcon console, API clients and keys)";

  private CrowdStrikeErrors() {}

  /** A response whose HTTP status is not 2xx. */
  public static VendorException classify(HttpResult result, Instant now) {
    JsonNode body = parse(result.body());
    return classify(result, now, result.status(), first(body), traceId(body), false);
  }

  /** An HTTP 200 whose body carries {@code errors[]} (non-empty). */
  public static VendorException inBody(
      HttpResult result, JsonNode errors, JsonNode meta, Instant now) {
    JsonNode first = errors.path(0);
    JsonNode code = first.get("code");
    String traceId = meta == null ? null : text(meta, "trace_id");
    if (code == null || !code.canConvertToInt()) {
      String said = describe(first, traceId, errors.size());
      return new VendorException(
          ErrorKind.UNKNOWN,
          "200",
          code == null ? null : code.asText(),
          result.where() + " answered HTTP 200 with errors: " + said + " (an undocumented code)");
    }
    return classify(result, now, code.asInt(), first, traceId, true);
  }

  private static VendorException classify(
      HttpResult result, Instant now, int status, JsonNode first, String traceId, boolean in200) {
    String code = first == null || !first.hasNonNull("code") ? null : first.get("code").asText();
    String said = first == null ? "no CrowdStrike error body" : describe(first, traceId, 1);
    String where =
        result.where()
            + (in200
                ? " answered HTTP 200 with errors[] code " + status + ": "
                : " answered HTTP " + status + ": ")
            + said;
    String label = in200 ? "200" : Integer.toString(status);
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
              + ". CrowdStrike refused a freshly issued token: check CROWDSTRIKE_CLIENT_ID and"
              + " CROWDSTRIKE_CLIENT_SECRET (or CROWDSTRIKE_CLIENT_SECRET_FILE) and that base.url"
              + " is the client's cloud");
    }
    if (status == 403) {
      return new VendorException(ErrorKind.PERMANENT, label, code, where + ". " + SCOPE_HINT);
    }
    if (status == 400 || status == 404 || status == 405) {
      return new VendorException(
          ErrorKind.PERMANENT,
          label,
          code,
          where
              + ". Check base.url (the API host of the Falcon cloud, e.g."
              + " https://api.eu-1.crowdstrike.com) and crowdstrike.limit");
    }
    if (status >= 500 && status <= 599) {
      return new VendorException(ErrorKind.RETRYABLE, label, code, where);
    }
    return new VendorException(
        ErrorKind.UNKNOWN, label, code, where + " (a code CrowdStrike does not document here)");
  }

  private static String describe(JsonNode first, String traceId, int count) {
    String code = text(first, "code");
    String message = text(first, "message");
    return ((code == null ? "" : code + " ") + (message == null ? "" : message)).trim()
        + (count > 1 ? " (and " + (count - 1) + " more)" : "")
        + (traceId == null ? "" : " (trace_id " + traceId + ")");
  }

  private static JsonNode first(JsonNode body) {
    JsonNode first = body == null ? null : body.path("errors").path(0);
    return first != null && first.isObject() ? first : null;
  }

  private static String traceId(JsonNode body) {
    return body == null ? null : text(body.path("meta"), "trace_id");
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode node = body.length == 0 ? null : JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode node, String field) {
    return node != null && node.hasNonNull(field) ? node.get(field).asText() : null;
  }
}
