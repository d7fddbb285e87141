package io.sluice.connectors.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.connectors.core.Json;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.HttpResult;
import io.sluice.connectors.http.VendorErrors;
import io.sluice.connectors.http.VendorErrors.Said;
import java.time.Instant;
import java.util.Set;

/**
 * Microsoft Graph's entries in the shared {@link VendorErrors} ladder. Graph's error body {@code
 * {"error":{"code","message","innerError":{"request-id","date"}}}} is read only to tell the
 * operator what Graph said (and the request id Microsoft support asks for); the code strings
 * ({@code Authorization_RequestDenied}, {@code InvalidAuthenticationToken}) are opaque. 401: the
 * token was refused even after one fresh token; 403: the app lacks the permission (or the tenant
 * the licence); 400/404/405: the request (filter, {@code $top}, base URL); 429: wait {@code
 * Retry-After} seconds (exponential backoff when absent); 5xx: retried.
 */
public final class GraphErrors {
  /** What an operator grants in the app registration (Graph's signIn list page asks for both). */
  static final String PERMISSIONS =
      "the app registration needs the Microsoft Graph application permissions AuditLog.Read.All"
          + " and Directory.Read.All with admin consent, and the tenant a Microsoft Entra ID P1 or"
          + " P2 licence (sign-in logs are not available to free tenants)";

  static final VendorErrors LADDER =
      new VendorErrors(
          new VendorErrors.Policy(
              "Graph",
              new GraphRetryAfterHeaders(),
              Set.of(401),
              "Graph refused a freshly issued token: check entra.tenant, ENTRA_CLIENT_ID and"
                  + " ENTRA_CLIENT_SECRET (or ENTRA_CLIENT_SECRET_FILE)",
              PERMISSIONS,
              Set.of(400, 404, 405),
              "Check base.url (e.g. https://graph.microsoft.com) and entra.top (1..1000)",
              GraphErrors::said));

  private GraphErrors() {}

  public static VendorException classify(HttpResult result, Instant now) {
    return LADDER.classify(result, now);
  }

  private static Said said(byte[] body) {
    JsonNode root = Json.objectOrNull(body);
    JsonNode error = root == null ? null : root.get("error");
    if (error == null || !error.isObject()) {
      return Said.NOTHING;
    }
    String requestId = Json.text(error.get("innerError"), "request-id");
    return new Said(
        Json.text(error, "code"),
        VendorErrors.summary(
            Json.text(error, "code"),
            Json.text(error, "message"),
            requestId == null ? null : "request-id " + requestId));
  }
}
