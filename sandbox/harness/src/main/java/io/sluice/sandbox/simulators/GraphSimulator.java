package io.sluice.sandbox.simulators;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Graph sign-in logs and the Microsoft identity platform token endpoint on one server, so
 * a connector's {@code entra.login.url} and {@code base.url} can both point here:
 *
 * <ul>
 *   <li>{@code POST /{tenant}/oauth2/v2.0/token} (client credentials, scope {@code
 *       https://graph.microsoft.com/.default}) → {@code {"token_type":"Bearer","expires_in":3599,
 *       "access_token":..}}; a wrong tenant, client id, secret or scope gets the AADSTS error the
 *       real endpoint sends ({@code invalid_client} AADSTS7000215 for a wrong secret)
 *   <li>{@code GET /v1.0/auditLogs/signIns?$filter=createdDateTime ge <ISO>&$top=N} newest first
 *       (Graph's default order), {@code $top} 1..1000 (default 1000), and {@code @odata.nextLink}
 *       carrying an opaque {@code $skiptoken} while more remain; the cursor is the last sign-in
 *       served, so sign-ins added meanwhile do not shift later pages
 *   <li>a missing, unknown or expired token → 401 {@code InvalidAuthenticationToken}; {@link
 *       #denyPermission} → 403 {@code Authorization_RequestDenied}; errors in Graph's body {@code
 *       {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}}
 *   <li>the 429 fault sends {@code Retry-After} in seconds (or none, {@link #omitRetryAfter}); the
 *       5xx fault a 503 {@code serviceNotAvailable}
 * </ul>
 */
public final class GraphSimulator extends VendorSimulator {
  static final String SIGN_INS = "/v1.0/auditLogs/signIns";
  public static final String SCOPE = "https://graph.microsoft.com/.default";
  private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  private static final Pattern CREATED = Pattern.compile("\"createdDateTime\":\"([^\"]+)\"");
  private static final Pattern FILTER =
      Pattern.compile("\\s*createdDateTime\\s+(ge|gt)\\s+(\\S+)\\s*");

  private final String tenant;
  private final String clientId;
  private final String clientSecret;
  private final Clock clock;
  private final SimTokens tokens;
  private final List<SignIn> signIns = new CopyOnWriteArrayList<>();
  private volatile boolean denyPermission;
  private volatile boolean omitRetryAfter;
  private volatile int retryAfterSeconds = 1;

  private record SignIn(String id, Instant created, String json) {}

  private GraphSimulator(
      String tenant, String clientId, String clientSecret, List<String> signIns, Clock clock) {
    super("graph");
    this.tenant = tenant;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clock = clock;
    this.tokens = new SimTokens(Duration.ofSeconds(3599), clock);
    append(signIns);
  }

  /** Starts a simulator for one tenant and app registration, serving {@code signIns}. */
  public static GraphSimulator start(
      String tenant, String clientId, String clientSecret, List<String> signIns) {
    GraphSimulator simulator =
        new GraphSimulator(tenant, clientId, clientSecret, signIns, Clock.systemUTC());
    simulator.startServer();
    return simulator;
  }

  /** More sign-ins become visible (live traffic, or late arrivals with an older time). */
  public void append(List<String> more) {
    for (String json : more) {
      signIns.add(new SignIn(field(ID, json), Instant.parse(field(CREATED, json)), json));
    }
  }

  /** Every sign-in held, in the order added. */
  public List<String> signIns() {
    return signIns.stream().map(SignIn::json).toList();
  }

  /** From now on the app lacks AuditLog.Read.All: every read gets 403. */
  public GraphSimulator denyPermission(boolean deny) {
    this.denyPermission = deny;
    return this;
  }

  /** 429s without a Retry-After header (the client must back off on its own). */
  public GraphSimulator omitRetryAfter(boolean omit) {
    this.omitRetryAfter = omit;
    return this;
  }

  public GraphSimulator retryAfterSeconds(int seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /** Tokens issued from now on live this long ({@code expires_in}). */
  public GraphSimulator tokenLifetime(Duration lifetime) {
    tokens.lifetime(lifetime);
    return this;
  }

  /** Every token issued so far expires now (the next read with one gets 401). */
  public GraphSimulator expireTokens() {
    tokens.expireAll();
    return this;
  }

  public long tokensIssued() {
    return tokens.issuedCount();
  }

  @Override
  protected SimResponse handle(SimRequest request) {
    if (request.method().equals("POST") && request.path().endsWith("/oauth2/v2.0/token")) {
      return token(request);
    }
    if (!request.method().equals("GET") || !request.path().equals(SIGN_INS)) {
      return error(
          400, "BadRequest", "Resource not found for the segment '" + request.path() + "'.");
    }
    if (!tokens.valid(request.header("Authorization").orElse(null))) {
      return error(
          401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
    }
    if (denyPermission) {
      return error(
          403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
    }
    Map<String, String> query = request.query();
    int top;
    try {
      top = Integer.parseInt(query.getOrDefault("$top", "1000"));
    } catch (NumberFormatException e) {
      return error(400, "BadRequest", "Invalid value for $top.");
    }
    if (top < 1 || top > 1000) {
      return error(
          400,
          "BadRequest",
          "Invalid page size specified: '" + top + "'. Must be between 1 and 1000 inclusive.");
    }
    Instant from = Instant.EPOCH;
    boolean inclusive = true;
    String filter = query.get("$filter");
    if (filter != null) {
      Matcher m = FILTER.matcher(filter);
      if (!m.matches()) {
        return error(400, "BadRequest", "Invalid filter clause");
      }
      try {
        from = Instant.parse(m.group(2));
      } catch (DateTimeParseException e) {
        return error(400, "BadRequest", "Invalid filter clause: createdDateTime");
      }
      inclusive = m.group(1).equals("ge");
    }
    List<SignIn> matching = new ArrayList<>();
    for (SignIn signIn : signIns) {
      int c = signIn.created().compareTo(from);
      if (c > 0 || (c == 0 && inclusive)) {
        matching.add(signIn);
      }
    }
    // Newest first, the id breaking ties so that a cursor is unambiguous.
    Comparator<SignIn> newestFirst =
        Comparator.comparing(SignIn::created).thenComparing(SignIn::id).reversed();
    matching.sort(newestFirst);
    int start = 0;
    String skipToken = query.get("$skiptoken");
    if (skipToken != null) {
      SignIn cursor = decodeCursor(skipToken);
      if (cursor == null) {
        return error(
            400,
            "Directory_ExpiredPageToken",
            "The specified page token value has expired and can no longer be included in your request.");
      }
      while (start < matching.size() && newestFirst.compare(matching.get(start), cursor) <= 0) {
        start++;
      }
    }
    int end = Math.min(start + top, matching.size());
    StringBuilder body =
        new StringBuilder(
            "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns\"");
    if (end < matching.size()) {
      String next =
          baseUrl()
              + SIGN_INS
              + "?$top="
              + top
              + (filter == null ? "" : "&$filter=" + encode(filter))
              + "&$skiptoken="
              + encodeCursor(matching.get(end - 1));
      body.append(",\"@odata.nextLink\":\"").append(next).append('"');
    }
    body.append(",\"value\":[");
    for (int i = start; i < end; i++) {
      body.append(i == start ? "" : ",").append(matching.get(i).json());
    }
    body.append("]}");
    return SimResponse.json(200, body.toString());
  }

  private SimResponse token(SimRequest request) {
    String path = request.path();
    String asked = path.substring(1, path.length() - "/oauth2/v2.0/token".length());
    if (!asked.equals(tenant)) {
      return oauthError(
          400, "invalid_request", "AADSTS90002: Tenant '" + asked + "' not found.", 90002);
    }
    Map<String, String> form = SimTokens.form(request.body());
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return oauthError(
          400,
          "unsupported_grant_type",
          "AADSTS70003: The app requested an unsupported grant type.",
          70003);
    }
    if (!clientId.equals(form.get("client_id"))) {
      return oauthError(
          400,
          "unauthorized_client",
          "AADSTS700016: Application with identifier '"
              + form.get("client_id")
              + "' was not found in the directory.",
          700016);
    }
    if (!clientSecret.equals(form.get("client_secret"))) {
      return oauthError(
          401,
          "invalid_client",
          "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
          7000215);
    }
    if (!SCOPE.equals(form.get("scope"))) {
      return oauthError(
          400,
          "invalid_scope",
          "AADSTS1002012: The provided value for scope is not valid.",
          1002012);
    }
    long seconds = tokens.lifetime().toSeconds();
    return SimResponse.json(
        200,
        "{\"token_type\":\"Bearer\",\"expires_in\":"
            + seconds
            + ",\"ext_expires_in\":"
            + seconds
            + ",\"access_token\":\""
            + tokens.issue("eyJ0eXAiOiJKV1Qi.graph")
            + "\"}");
  }

  @Override
  protected SimResponse rateLimited(SimRequest request) {
    SimResponse response = error(429, "TooManyRequests", "Too many requests.");
    return omitRetryAfter
        ? response
        : response.with("Retry-After", Integer.toString(retryAfterSeconds));
  }

  @Override
  protected SimResponse serverError(SimRequest request) {
    return error(503, "serviceNotAvailable", "Service is unavailable. Please try again later.");
  }

  private SimResponse error(int status, String code, String message) {
    String requestId = UUID.randomUUID().toString();
    return SimResponse.json(
            status,
            "{\"error\":{\"code\":\""
                + code
                + "\",\"message\":\""
                + message.replace("\"", "\\\"")
                + "\",\"innerError\":{\"date\":\""
                + clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + "\",\"request-id\":\""
                + requestId
                + "\",\"client-request-id\":\""
                + requestId
                + "\"}}}")
        .with("request-id", requestId);
  }

  private SimResponse oauthError(int status, String error, String description, int code) {
    String trace = UUID.randomUUID().toString();
    return SimResponse.json(
        status,
        "{\"error\":\""
            + error
            + "\",\"error_description\":\""
            + description.replace("\"", "\\\"")
            + " Trace ID: "
            + trace
            + "\",\"error_codes\":["
            + code
            + "],\"timestamp\":\""
            + clock.instant()
            + "\",\"trace_id\":\""
            + trace
            + "\"}");
  }

  private static String field(Pattern pattern, String json) {
    Matcher m = pattern.matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("sign-in without " + pattern + ": " + json);
    }
    return m.group(1);
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  // Graph's skiptoken is opaque; this one names the last sign-in served.
  private static String encodeCursor(SignIn last) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            ("sim|" + last.created() + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
  }

  private static SignIn decodeCursor(String token) {
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|");
      return parts.length == 3 && parts[0].equals("sim")
          ? new SignIn(parts[2], Instant.parse(parts[1]), "")
          : null;
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return null;
    }
  }
}
