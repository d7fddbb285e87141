package io.sluice.sandbox.simulators;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Microsoft Graph sign-in logs and the Microsoft identity platform token endpoint on one server, so
 * a connector's {@code entra.login.url} and {@code base.url} can both point here, for one or more
 * tenants ({@link #addTenant}) side by side, as Graph serves every customer from one host:
 *
 * <ul>
 *   <li>{@code POST /{tenant}/oauth2/v2.0/token} (client credentials, scope {@code
 *       https://graph.microsoft.com/.default}) → {@code {"token_type":"Bearer","expires_in":3599,
 *       "access_token":..}}; a wrong tenant, client id, secret or scope gets the AADSTS error the
 *       real endpoint sends ({@code invalid_client} AADSTS7000215 for a wrong secret)
 *   <li>{@code GET /v1.0/auditLogs/signIns?$filter=createdDateTime ge <ISO> [and createdDateTime le
 *       <ISO>]&$top=N} newest first (Graph's default order), {@code $top} 1..1000 (default 1000),
 *       and {@code @odata.nextLink} carrying an opaque {@code $skiptoken} while more remain; the
 *       cursor is the last sign-in served, so sign-ins added meanwhile do not shift later pages; a
 *       {@code $skiptoken} older than the options' cursor lifetime → 400 {@code
 *       Directory_ExpiredPageToken}
 *   <li>a sign-in is visible only from its {@code createdDateTime} plus a late delay (Graph indexes
 *       late)
 *   <li>a missing, unknown or expired token → 401 {@code InvalidAuthenticationToken}; {@link
 *       #denyPermission} → 403 {@code Authorization_RequestDenied}; errors in Graph's body {@code
 *       {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}}
 *   <li>5 requests per 10 s per tenant and app (the identity-and-access-reports limit), then 429
 *       with {@code Retry-After} in seconds (or none, {@link #omitRetryAfter}); the 5xx fault a 503
 *       {@code serviceNotAvailable}
 * </ul>
 */
public final class GraphSimulator extends VendorSimulator {
  static final String SIGN_INS = "/v1.0/auditLogs/signIns";
  public static final String SCOPE = "https://graph.microsoft.com/.default";
  private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  private static final Pattern CREATED = Pattern.compile("\"createdDateTime\":\"([^\"]+)\"");
  private static final Pattern FILTER =
      Pattern.compile(
          "\\s*createdDateTime\\s+(ge|gt)\\s+(\\S+)(?:\\s+and\\s+createdDateTime\\s+le\\s+(\\S+))?\\s*");
  private static final Comparator<SignIn> NEWEST_FIRST =
      Comparator.comparing(SignIn::created).thenComparing(SignIn::id).reversed();

  private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
  private final SimTokens tokens;
  private volatile boolean denyPermission;
  private volatile boolean omitRetryAfter;
  private volatile int retryAfterSeconds = 1;

  private record SignIn(String id, Instant created, Instant visible, String json) {}

  private record Tenant(String clientId, String clientSecret, List<SignIn> signIns) {}

  private GraphSimulator(SimOptions options) {
    super("graph", options);
    this.tokens = new SimTokens(Duration.ofSeconds(3599), clock());
    quota(SimQuota.slidingWindow(5, Duration.ofSeconds(10)));
  }

  /** Starts a simulator for one tenant and app registration, serving {@code signIns}. */
  public static GraphSimulator start(
      String tenant, String clientId, String clientSecret, List<String> signIns) {
    return start(tenant, clientId, clientSecret, signIns, SimOptions.realistic());
  }

  public static GraphSimulator start(
      String tenant,
      String clientId,
      String clientSecret,
      List<String> signIns,
      SimOptions options) {
    GraphSimulator simulator = new GraphSimulator(options);
    simulator.addTenant(tenant, clientId, clientSecret, signIns);
    simulator.startServer();
    return simulator;
  }

  /** Another tenant on the same host, with its own app registration and sign-ins. */
  public GraphSimulator addTenant(
      String tenant, String clientId, String clientSecret, List<String> signIns) {
    tenants.put(tenant, new Tenant(clientId, clientSecret, new CopyOnWriteArrayList<>()));
    append(tenant, signIns);
    return this;
  }

  /** More sign-ins of the first tenant (live traffic, or late arrivals with an older time). */
  public void append(List<String> more) {
    append(tenants.keySet().iterator().next(), more);
  }

  /** More sign-ins of {@code tenant}. */
  public void append(String tenant, List<String> more) {
    List<SignIn> signIns = tenants.get(tenant).signIns();
    for (String json : more) {
      Instant created = Instant.parse(field(CREATED, json));
      signIns.add(new SignIn(field(ID, json), created, visibleAt(json, created), json));
    }
  }

  /** Every sign-in held (all tenants), in the order added. */
  public List<String> signIns() {
    return tenants.values().stream().flatMap(t -> t.signIns().stream()).map(SignIn::json).toList();
  }

  /** Each tenant's quota: {@code limit} requests in any {@code window}. */
  public GraphSimulator quota(int limit, Duration window) {
    quota(SimQuota.slidingWindow(limit, window));
    return this;
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

  /** {@code Retry-After} of the injected 429 fault. */
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
  protected String client(SimRequest request) {
    return request.path().equals(SIGN_INS)
        ? tokens.client(request.header("Authorization").orElse(null))
        : null;
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
    String tenant = tokens.client(request.header("Authorization").orElse(null));
    if (tenant == null) {
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
    Instant to = Instant.MAX;
    boolean inclusive = true;
    String filter = query.get("$filter");
    if (filter != null) {
      Matcher m = FILTER.matcher(filter);
      if (!m.matches()) {
        return error(400, "BadRequest", "Invalid filter clause");
      }
      try {
        from = Instant.parse(m.group(2));
        to = m.group(3) == null ? Instant.MAX : Instant.parse(m.group(3));
      } catch (DateTimeParseException e) {
        return error(400, "BadRequest", "Invalid filter clause: createdDateTime");
      }
      inclusive = m.group(1).equals("ge");
    }
    Instant now = clock().instant();
    List<SignIn> matching = new ArrayList<>();
    for (SignIn signIn : tenants.get(tenant).signIns()) {
      int c = signIn.created().compareTo(from);
      if ((c > 0 || (c == 0 && inclusive))
          && !signIn.created().isAfter(to)
          && !signIn.visible().isAfter(now)) {
        matching.add(signIn);
      }
    }
    matching.sort(NEWEST_FIRST);
    int start = 0;
    String skipToken = query.get("$skiptoken");
    if (skipToken != null) {
      SimCursors.Keyset cursor = SimCursors.Keyset.decode("sim", skipToken);
      if (cursor == null || expired(cursor.issued())) {
        return error(
            400,
            "Directory_ExpiredPageToken",
            "The specified page token value has expired and can no longer be included in your"
                + " request.");
      }
      while (start < matching.size()
          && NEWEST_FIRST.compare(matching.get(start), at(cursor)) <= 0) {
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
              + keyset(matching.get(end - 1), now);
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
    Tenant tenant = tenants.get(asked);
    if (tenant == null) {
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
    if (!tenant.clientId().equals(form.get("client_id"))) {
      return oauthError(
          400,
          "unauthorized_client",
          "AADSTS700016: Application with identifier '"
              + form.get("client_id")
              + "' was not found in the directory.",
          700016);
    }
    if (!tenant.clientSecret().equals(form.get("client_secret"))) {
      return oauthError(
          401,
          "invalid_client",
          "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the"
              + " request is the client secret value, not the client secret ID.",
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
            + tokens.issue("eyJ0eXAiOiJKV1Qi.graph", asked)
            + "\"}");
  }

  @Override
  protected SimResponse rateLimited(SimRequest request, SimQuota.Decision decision) {
    SimResponse response = error(429, "TooManyRequests", "Too many requests.");
    long seconds = Math.max(1, (decision.untilReset().toMillis() + 999) / 1000);
    return omitRetryAfter ? response : response.with("Retry-After", Long.toString(seconds));
  }

  @Override
  protected Duration injectedRateLimitWait() {
    return Duration.ofSeconds(retryAfterSeconds);
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
                + clock().instant().truncatedTo(ChronoUnit.SECONDS)
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
            + clock().instant()
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

  private static String keyset(SignIn last, Instant now) {
    return new SimCursors.Keyset(last.created(), last.id(), now).encode("sim");
  }

  /** A stand-in for the record a cursor names, to compare with. */
  private static SignIn at(SimCursors.Keyset k) {
    return new SignIn(k.id(), k.time(), k.time(), "");
  }
}
