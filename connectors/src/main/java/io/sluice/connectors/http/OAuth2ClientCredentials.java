package io.sluice.connectors.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.VendorException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * OAuth2 client-credentials grant (Mimecast API 2.0, CrowdStrike, Microsoft Graph): {@code POST}
 * {@code client_id}, {@code client_secret}, {@code grant_type=client_credentials} as a form, then
 * {@code Authorization: Bearer <access_token>}.
 *
 * <p>The token is cached and fetched again {@code refreshBefore} ahead of {@code expires_in}
 * (Elastic's Mimecast integration refreshes 60 s early), and once after a 401, after which a second
 * 401 is final (as Azure Sentinel's Mimecast connector does). A rejected client is {@link
 * ErrorKind#AUTHENTICATION}; the message carries the endpoint's OAuth {@code error} and {@code
 * error_description}, never the client secret or the token.
 */
public final class OAuth2ClientCredentials implements Authenticator {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Used when a token response has no {@code expires_in}: short, so we refresh rather than 401. */
  static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  private final HttpPageClient http;
  private final URI tokenUri;
  private final String clientId;
  private final Secret clientSecret;
  private final Optional<String> scope;
  private final Duration refreshBefore;
  private final Clock clock;

  private Secret token;
  private Instant refreshAt = Instant.MIN;

  public OAuth2ClientCredentials(
      HttpPageClient http,
      URI tokenUri,
      String clientId,
      Secret clientSecret,
      Optional<String> scope,
      Duration refreshBefore,
      Clock clock) {
    this.http = http;
    this.tokenUri = tokenUri;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.scope = scope;
    this.refreshBefore = refreshBefore;
    this.clock = clock;
  }

  @Override
  public synchronized void authenticate(HttpRequest.Builder request)
      throws VendorException, InterruptedException {
    if (token == null || !clock.instant().isBefore(refreshAt)) {
      fetchToken();
    }
    request.header("Authorization", "Bearer " + token.reveal());
  }

  @Override
  public synchronized boolean refreshAfterUnauthorized() {
    token = null;
    return true;
  }

  private void fetchToken() throws VendorException, InterruptedException {
    StringBuilder form =
        new StringBuilder()
            .append("grant_type=client_credentials")
            .append("&client_id=")
            .append(encode(clientId))
            .append("&client_secret=")
            .append(encode(clientSecret.reveal()));
    scope.ifPresent(s -> form.append("&scope=").append(encode(s)));
    Instant requestedAt = clock.instant();
    HttpResult result =
        http.send(
            HttpRequest.newBuilder(tokenUri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    JsonNode body = parse(result.body());
    // 2xx, not only 200: CrowdStrike's token endpoint answers 201 Created (as its FalconPy SDK
    // expects).
    if (result.status() / 100 != 2) {
      throw rejected(result, body);
    }
    JsonNode accessToken = body == null ? null : body.get("access_token");
    if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isBlank()) {
      throw new VendorException(
          ErrorKind.UNKNOWN,
          Integer.toString(result.status()),
          null,
          result.where() + ": token response has no access_token");
    }
    Duration lifetime =
        body.hasNonNull("expires_in") && body.get("expires_in").canConvertToLong()
            ? Duration.ofSeconds(body.get("expires_in").asLong())
            : DEFAULT_LIFETIME;
    token = Secret.of(accessToken.asText());
    Duration early =
        lifetime.compareTo(refreshBefore.multipliedBy(2)) > 0
            ? refreshBefore
            : lifetime.dividedBy(2);
    refreshAt = requestedAt.plus(lifetime).minus(early);
  }

  private static VendorException rejected(HttpResult result, JsonNode body) {
    String error = text(body, "error");
    String description = text(body, "error_description");
    if (error == null && body != null && body.path("errors").path(0).isObject()) {
      // CrowdStrike answers a refused client in its API envelope: errors[{code, message}]
      JsonNode first = body.path("errors").path(0);
      error = text(first, "code");
      description = text(first, "message");
    }
    String detail =
        (error == null ? "no OAuth error code" : error)
            + (description == null ? "" : ": " + description);
    int status = result.status();
    ErrorKind kind;
    if (status == 400 || status == 401 || status == 403) {
      kind = ErrorKind.AUTHENTICATION;
    } else if (status == 429) {
      kind = ErrorKind.RATE_LIMITED;
    } else if (status >= 500) {
      kind = ErrorKind.RETRYABLE;
    } else {
      kind = ErrorKind.UNKNOWN;
    }
    return new VendorException(
        kind,
        Integer.toString(status),
        error,
        result.where() + " did not issue a token (HTTP " + status + ", " + detail + ")");
  }

  private static JsonNode parse(byte[] body) {
    try {
      return body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String text(JsonNode body, String field) {
    return body != null && body.hasNonNull(field) ? body.get(field).asText() : null;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
