package io.sluice.connectors.okta;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.connectors.core.Json;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.HttpResult;
import io.sluice.connectors.http.VendorErrors;
import io.sluice.connectors.http.VendorErrors.Said;
import java.time.Instant;
import java.util.Set;

/**
 * Okta's entries in the shared {@link VendorErrors} ladder. Okta's error body {@code {errorCode,
 * errorSummary, errorId, errorCauses}} is read only to show the operator what Okta said: the {@code
 * E0000...} codes are opaque and decide nothing. 401: the API token is invalid, expired or revoked;
 * 403: its admin may not read the System Log; 400/404/405: the request (a {@code since} beyond
 * retention, a wrong base URL); 429: wait until {@code X-Rate-Limit-Reset}; 5xx (incl. 500 on
 * Okta's 30 s query timeout): retried.
 */
public final class OktaErrors {
  static final VendorErrors LADDER =
      new VendorErrors(
          new VendorErrors.Policy(
              "Okta",
              new OktaRateLimitHeaders(),
              Set.of(401),
              "Check the API token in OKTA_API_TOKEN or OKTA_API_TOKEN_FILE",
              "The token's admin needs permission to read the System Log",
              Set.of(400, 404, 405),
              "Check base.url and since (Okta keeps 90 days of System Log)",
              OktaErrors::said));

  private OktaErrors() {}

  public static VendorException classify(HttpResult result, Instant now) {
    return LADDER.classify(result, now);
  }

  private static Said said(byte[] body) {
    JsonNode error = Json.objectOrNull(body);
    String errorId = Json.text(error, "errorId");
    return new Said(
        Json.text(error, "errorCode"),
        VendorErrors.summary(
            Json.text(error, "errorCode"),
            Json.text(error, "errorSummary"),
            errorId == null ? null : "errorId " + errorId));
  }
}
