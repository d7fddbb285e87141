package io.sluice.sandbox.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CrowdStrike Falcon's OAuth2 token endpoint and alerts API, for one or more API clients (each its
 * own customer, {@link #addClient}) on one host, as Falcon serves every customer of a cloud:
 *
 * <ul>
 *   <li>{@code POST /oauth2/token} ({@code client_id}, {@code client_secret} as a form) → 201
 *       {@code {"access_token","token_type":"bearer","expires_in":1799}}; wrong credentials → 403
 *       in Falcon's envelope {@code {"meta":{..},"errors":[{"code":403,"message":..}]}}
 *   <li>{@code POST /alerts/combined/alerts/v1} with {@code
 *       {"limit","sort":"updated_timestamp|asc",
 *       "filter":"updated_timestamp:>='<RFC3339>'","after"}} ({@code >} or {@code >=}) → {@code
 *       {"meta":{"pagination":{"total", "limit","after"}},"resources":[..],"errors":[]}}, {@code
 *       after} present while more remain (or on every page, {@link #alwaysSendAfter}); the token
 *       names the last alert served, so alerts added meanwhile come after it; a token older than
 *       the options' cursor lifetime → 400
 *   <li>an alert version is visible only from its {@code updated_timestamp} plus a late delay
 *   <li>{@code X-Ratelimit-Limit}/{@code -Remaining} on every response (6000 requests per minute
 *       per client); a 429 adds {@code X-Ratelimit-Retryafter} in epoch seconds of the vendor's
 *       clock; the 5xx fault is a 500 in the envelope
 *   <li>{@link #errorsIn200}: the next N alert requests answer HTTP 200 with {@code errors[]}
 *   <li>an unknown or expired token → 401 {@code access denied, invalid bearer token}
 * </ul>
 */
public final class CrowdStrikeSimulator extends VendorSimulator {
  static final String ALERTS = "/alerts/combined/alerts/v1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ID = Pattern.compile("\"composite_id\":\"([^\"]+)\"");
  private static final Pattern UPDATED = Pattern.compile("\"updated_timestamp\":\"([^\"]+)\"");
  private static final Pattern FILTER = Pattern.compile("updated_timestamp:>(=?)'([^']+)'");
  private static final int LIMIT_PER_MINUTE = 6000;

  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private final SimTokens tokens;
  private final AtomicInteger errorsIn200 = new AtomicInteger();
  private volatile int errorCode;
  private volatile String errorMessage;
  private volatile boolean alwaysSendAfter;

  private record Alert(String compositeId, Instant updated, Instant visible, String json) {}

  private record Client(String secret, List<Alert> alerts) {}

  private CrowdStrikeSimulator(SimOptions options) {
    super("crowdstrike", options);
    this.tokens = new SimTokens(Duration.ofSeconds(1799), clock());
    quota(SimQuota.fixedWindow(LIMIT_PER_MINUTE, Duration.ofMinutes(1), false));
  }

  public static CrowdStrikeSimulator start(
      String clientId, String clientSecret, List<String> alerts) {
    return start(clientId, clientSecret, alerts, SimOptions.realistic());
  }

  public static CrowdStrikeSimulator start(
      String clientId, String clientSecret, List<String> alerts, SimOptions options) {
    CrowdStrikeSimulator simulator = new CrowdStrikeSimulator(options);
    simulator.addClient(clientId, clientSecret, alerts);
    simulator.startServer();
    return simulator;
  }

  /** Another customer's API client on the same cloud, with its own alerts. */
  public CrowdStrikeSimulator addClient(String clientId, String clientSecret, List<String> alerts) {
    clients.put(clientId, new Client(clientSecret, new CopyOnWriteArrayList<>()));
    append(clientId, alerts);
    return this;
  }

  /** New alerts of the first client, or new versions (same composite_id, later updated). */
  public void append(List<String> more) {
    append(clients.keySet().iterator().next(), more);
  }

  /** New alerts (or versions) of {@code clientId}. */
  public void append(String clientId, List<String> more) {
    List<Alert> alerts = clients.get(clientId).alerts();
    for (String json : more) {
      Instant updated = Instant.parse(field(UPDATED, json));
      alerts.add(new Alert(field(ID, json), updated, visibleAt(json, updated), json));
    }
  }

  /** Every alert version held (all clients), in the order added. */
  public List<String> alerts() {
    return clients.values().stream().flatMap(c -> c.alerts().stream()).map(Alert::json).toList();
  }

  /** Each client's quota: {@code perMinute} requests a minute. */
  public CrowdStrikeSimulator quota(int perMinute) {
    quota(SimQuota.fixedWindow(perMinute, Duration.ofMinutes(1), false));
    return this;
  }

  /** The next {@code count} alert requests answer HTTP 200 with {@code errors[{code, message}]}. */
  public CrowdStrikeSimulator errorsIn200(int count, int code, String message) {
    this.errorCode = code;
    this.errorMessage = message;
    errorsIn200.set(count);
    return this;
  }

  /** Send an {@code after} token on the last page too (the next page is then empty). */
  public CrowdStrikeSimulator alwaysSendAfter(boolean always) {
    this.alwaysSendAfter = always;
    return this;
  }

  public CrowdStrikeSimulator tokenLifetime(Duration lifetime) {
    tokens.lifetime(lifetime);
    return this;
  }

  /** Every token issued so far expires now. */
  public CrowdStrikeSimulator expireTokens() {
    tokens.expireAll();
    return this;
  }

  public long tokensIssued() {
    return tokens.issuedCount();
  }

  @Override
  protected String client(SimRequest request) {
    return request.path().equals(ALERTS)
        ? tokens.client(request.header("Authorization").orElse(null))
        : null;
  }

  @Override
  protected SimResponse handle(SimRequest request) {
    if (request.method().equals("POST") && request.path().equals("/oauth2/token")) {
      return token(request);
    }
    if (!request.method().equals("POST") || !request.path().equals(ALERTS)) {
      return envelope(404, List.of(), 0, 0, null, 404, "Not Found");
    }
    String clientId = tokens.client(request.header("Authorization").orElse(null));
    if (clientId == null) {
      return envelope(401, List.of(), 0, 0, null, 401, "access denied, invalid bearer token");
    }
    if (errorsIn200.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return envelope(200, List.of(), 0, 0, null, errorCode, errorMessage);
    }
    JsonNode query;
    try {
      query = JSON.readTree(request.body());
    } catch (IOException e) {
      return envelope(400, List.of(), 0, 0, null, 400, "invalid request body");
    }
    int limit = query.path("limit").asInt(100);
    if (limit < 1 || limit > 1000) {
      return envelope(400, List.of(), 0, 0, null, 400, "limit must be between 1 and 1000");
    }
    if (!"updated_timestamp|asc".equals(query.path("sort").asText("updated_timestamp|asc"))) {
      return envelope(
          400, List.of(), 0, 0, null, 400, "the simulator sorts only by updated_timestamp|asc");
    }
    Instant from = Instant.EPOCH;
    boolean inclusive = false;
    if (query.hasNonNull("filter")) {
      Matcher m = FILTER.matcher(query.get("filter").asText());
      if (!m.find()) {
        return envelope(400, List.of(), 0, 0, null, 400, "invalid filter");
      }
      try {
        from = Instant.parse(m.group(2));
      } catch (DateTimeParseException e) {
        return envelope(400, List.of(), 0, 0, null, 400, "invalid filter: updated_timestamp");
      }
      inclusive = !m.group(1).isEmpty();
    }
    Instant now = clock().instant();
    List<Alert> matching = new ArrayList<>();
    for (Alert alert : clients.get(clientId).alerts()) {
      boolean after = alert.updated().isAfter(from) || (inclusive && alert.updated().equals(from));
      if (after && !alert.visible().isAfter(now)) {
        matching.add(alert);
      }
    }
    Comparator<Alert> order =
        Comparator.comparing(Alert::updated).thenComparing(Alert::compositeId);
    matching.sort(order);
    int start = 0;
    if (query.hasNonNull("after")) {
      SimCursors.Keyset cursor = SimCursors.Keyset.decode("sim", query.get("after").asText());
      if (cursor == null) {
        return envelope(400, List.of(), 0, 0, null, 400, "invalid after token");
      }
      if (expired(cursor.issued())) {
        return envelope(400, List.of(), 0, 0, null, 400, "after token has expired");
      }
      while (start < matching.size() && order.compare(matching.get(start), at(cursor)) <= 0) {
        start++;
      }
    }
    int end = Math.min(start + limit, matching.size());
    List<Alert> page = matching.subList(start, end);
    String after = null;
    if (end < matching.size() || (alwaysSendAfter && !page.isEmpty())) {
      after = keyset(page.get(page.size() - 1), now);
    } else if (alwaysSendAfter && query.hasNonNull("after")) {
      after = query.get("after").asText();
    }
    return envelope(200, page, matching.size(), limit, after, 0, null);
  }

  private SimResponse token(SimRequest request) {
    Map<String, String> form = SimTokens.form(request.body());
    String clientId = form.get("client_id");
    Client client = clientId == null ? null : clients.get(clientId);
    if (client == null || !client.secret().equals(form.get("client_secret"))) {
      return envelope(
          403, List.of(), 0, 0, null, 403, "Failed to issue access token - Not Authorized");
    }
    return SimResponse.json(
        201, tokens.grant("eyJhbGciOiJSUzI1NiJ9.falcon", clientId, "bearer", ""));
  }

  @Override
  protected SimResponse rateLimited(SimRequest request, SimQuota.Decision decision) {
    return envelope(429, List.of(), 0, 0, null, 429, "API rate limit exceeded.")
        .with("X-Ratelimit-Remaining", "0")
        .with(
            "X-Ratelimit-Retryafter",
            Long.toString(OktaSimulator.epochSecondsCeil(decision.reset())));
  }

  @Override
  protected SimResponse withQuota(SimResponse response, SimQuota.Decision decision) {
    return response.with("X-Ratelimit-Remaining", Integer.toString(decision.remaining()));
  }

  @Override
  protected Duration injectedRateLimitWait() {
    return Duration.ofSeconds(1);
  }

  @Override
  protected SimResponse serverError(SimRequest request) {
    return envelope(500, List.of(), 0, 0, null, 500, "Internal Server Error");
  }

  private SimResponse envelope(
      int status, List<Alert> page, int total, int limit, String after, int code, String message) {
    StringBuilder body =
        new StringBuilder("{\"meta\":{\"query_time\":0.012345678,")
            .append("\"pagination\":{\"total\":")
            .append(total)
            .append(",\"limit\":")
            .append(limit);
    if (after != null) {
      body.append(",\"after\":\"").append(after).append('"');
    }
    body.append("},\"powered_by\":\"msa-api\",\"trace_id\":\"")
        .append(UUID.randomUUID())
        .append("\"},\"resources\":[");
    for (int i = 0; i < page.size(); i++) {
      body.append(i == 0 ? "" : ",").append(page.get(i).json());
    }
    body.append("],\"errors\":[");
    if (message != null) {
      body.append("{\"code\":")
          .append(code)
          .append(",\"message\":\"")
          .append(message.replace("\"", "\\\""))
          .append("\"}");
    }
    body.append("]}");
    return SimResponse.json(status, body.toString())
        .with("X-Ratelimit-Limit", Integer.toString(LIMIT_PER_MINUTE));
  }

  private static String field(Pattern pattern, String json) {
    Matcher m = pattern.matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("alert without " + pattern + ": " + json);
    }
    return m.group(1);
  }

  private static String keyset(Alert last, Instant now) {
    return new SimCursors.Keyset(last.updated(), last.compositeId(), now).encode("sim");
  }

  /** A stand-in for the record a cursor names, to compare with. */
  private static Alert at(SimCursors.Keyset k) {
    return new Alert(k.id(), k.time(), k.time(), "");
  }
}
