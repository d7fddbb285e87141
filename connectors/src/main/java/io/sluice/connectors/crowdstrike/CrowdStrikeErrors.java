package io.sluice.connectors.crowdstrike;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.Json;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.HttpResult;
import io.sluice.connectors.http.VendorErrors;
import io.sluice.connectors.http.VendorErrors.Said;
import java.time.Instant;
import java.util.Set;

/**
 * CrowdStrike's entries in the shared {@link VendorErrors} ladder, for a non-2xx status and — as
 * Elastic's integration treats it — for a non-empty {@code errors[{code, message}]} in an HTTP 200
 * body, whose {@code code} is read as the HTTP-like status it looks like (e.g. {@code 403} "Access
 * denied: insufficient scope"); a code that is not a number is unknown. The message is only shown,
 * with the {@code trace_id} from {@code meta} that CrowdStrike support asks for. 401: the token was
 * refused even after one fresh token; 403: the API client lacks Alerts: Read; 400/404/405: the
 * request (filter, limit, another cloud's base URL); 429: wait until {@code
 * X-Ratelimit-Retryafter}; 5xx: retried.
 */
public final class CrowdStrikeErrors {
  static final String SCOPE_HINT =
      "The API client needs the Alerts: Read scope (Falcon console, API clients and keys)";

  static final VendorErrors LADDER =
      new VendorErrors(
          new VendorErrors.Policy(
              "CrowdStrike",
              new CrowdStrikeRateLimitHeaders(),
              Set.of(401),
              "CrowdStrike refused a freshly issued token: check CROWDSTRIKE_CLIENT_ID and"
                  + " CROWDSTRIKE_CLIENT_SECRET (or CROWDSTRIKE_CLIENT_SECRET_FILE) and that"
                  + " base.url is the client's cloud",
              SCOPE_HINT,
              Set.of(400, 404, 405),
              "Check base.url (the API host of the Falcon cloud, e.g."
                  + " https://api.eu-1.crowdstrike.com) and crowdstrike.limit",
              CrowdStrikeErrors::said));

  private CrowdStrikeErrors() {}

  /** A response whose HTTP status is not 2xx. */
  public static VendorException classify(HttpResult result, Instant now) {
    return LADDER.classify(result, now);
  }

  /** An HTTP 200 whose body carries {@code errors[]} (non-empty). */
  public static VendorException inBody(
      HttpResult result, JsonNode errors, JsonNode meta, Instant now) {
    JsonNode code = errors.path(0).get("code");
    Said said = said(errors, meta);
    if (code == null || !code.canConvertToInt()) {
      return new VendorException(
          ErrorKind.UNKNOWN,
          "200",
          said.code(),
          result.where()
              + " answered HTTP 200 with errors: "
              + said.summary()
              + " (an undocumented code)");
    }
    return LADDER.classify(
        result, code.asInt(), "200", "HTTP 200 with errors[] code " + code.asInt(), said, now);
  }

  private static Said said(byte[] body) {
    JsonNode root = Json.objectOrNull(body);
    return root == null ? Said.NOTHING : said(root.path("errors"), root.get("meta"));
  }

  private static Said said(JsonNode errors, JsonNode meta) {
    JsonNode first = errors.path(0);
    if (!first.isObject()) {
      return Said.NOTHING;
    }
    String traceId = Json.text(meta, "trace_id");
    String message = Json.text(first, "message");
    if (errors.size() > 1) {
      message = (message == null ? "" : message) + " (and " + (errors.size() - 1) + " more)";
    }
    return new Said(
        Json.text(first, "code"),
        VendorErrors.summary(
            Json.text(first, "code"), message, traceId == null ? null : "trace_id " + traceId));
  }
}
