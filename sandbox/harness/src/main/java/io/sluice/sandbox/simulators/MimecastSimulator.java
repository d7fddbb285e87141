package io.sluice.sandbox.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mimecast API 2.0 for one or more registered applications ({@link #addClient}) on one host, as
 * Mimecast serves every customer of a region: the token endpoint, the five log endpoints ({@link
 * MimecastLogsApi}) and the SIEM batch listing with its pre-signed files ({@link MimecastSiemApi}).
 *
 * <ul>
 *   <li>{@code POST /oauth/token} (form {@code client_id}, {@code client_secret}, {@code
 *       grant_type=client_credentials}) → {@code {"access_token","token_type":"Bearer",
 *       "expires_in":1799,"scope":""}}; a wrong client → 401 with an OAuth error body
 *   <li>{@code X-RateLimit-Limit}, {@code -Remaining} and {@code -Reset} (milliseconds until a
 *       request is added back) on every API response, as documented; one quota per application
 *       shared by all its endpoints (1000 requests, one added back every 3.6 s, {@link #quota});
 *       over it, 429 "Quota Exceeded" with a {@code fail[]} envelope
 * </ul>
 *
 * <p>Knobs besides {@link Faults}: {@link #failNext} ({@code fail[]} in an HTTP 200, both shapes),
 * {@link #expireTokens}, {@link #tokenLifetime}, {@link #rateLimitResetMillis} (of injected 429s),
 * and the SIEM ones on {@link #siem()}.
 */
public final class MimecastSimulator extends VendorSimulator {
  public static final String TOKEN_PATH = "/oauth/token";
  public static final String SIEM_PATH = MimecastSiemApi.PATH;

  /** The two shapes of a {@code fail[]} item. */
  public enum FailShape {
    /** API 1.0: {@code {"key":{…},"errors":[{"code","message","retryable"}]}}. */
    NESTED,
    /** API 2.0: {@code {"code","message"}}. */
    FLAT
  }

  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final SimTokens tokens;
  private final MimecastLogsApi logs;
  private final MimecastSiemApi siem;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile FailShape failShape = FailShape.NESTED;
  private volatile Boolean failRetryable = Boolean.TRUE;
  private volatile long resetMillis = 200;
  private volatile int quotaLimit = 1000;

  private MimecastSimulator(SimOptions options) {
    super("mimecast", options);
    this.tokens = new SimTokens(Duration.ofSeconds(1799), clock());
    this.logs = new MimecastLogsApi(this::visibleAt, this::expired, clock());
    this.siem = new MimecastSiemApi(this::baseUrl, clock(), options.cursorLifetime());
    quota(1000, Duration.ofMillis(3600));
  }

  /** Starts a simulator that accepts this client and serves {@code scenario}, realistically. */
  public static MimecastSimulator start(
      String clientId, String clientSecret, MimecastEvents.Scenario scenario) {
    return start(clientId, clientSecret, scenario, SimOptions.realistic());
  }

  public static MimecastSimulator start(
      String clientId, String clientSecret, MimecastEvents.Scenario scenario, SimOptions options) {
    MimecastSimulator simulator = new MimecastSimulator(options);
    simulator.addClient(clientId, clientSecret, scenario);
    simulator.startServer();
    return simulator;
  }

  /** Another customer's registered application on the same host, with its own data. */
  public MimecastSimulator addClient(
      String clientId, String clientSecret, MimecastEvents.Scenario scenario) {
    secrets.put(clientId, clientSecret);
    logs.add(clientId, scenario);
    scenario.siem().forEach((type, files) -> files.forEach(l -> siem.add(clientId, type, l)));
    return this;
  }

  /** Each application's quota: {@code capacity} requests, one added back every {@code refill}. */
  public MimecastSimulator quota(int capacity, Duration refill) {
    quotaLimit = capacity;
    quota(SimQuota.tokenBucket(capacity, refill));
    return this;
  }

  /** New log records of the first client arrive at {@code path} (live traffic). */
  public void append(String path, List<String> records) {
    logs.append(secrets.keySet().iterator().next(), path, records);
  }

  /** New log records of {@code clientId}. */
  public void append(String clientId, String path, List<String> records) {
    logs.append(clientId, path, records);
  }

  /** A new SIEM batch file of the first client. */
  public void appendSiemFile(String type, List<String> lines) {
    siem.add(secrets.keySet().iterator().next(), type, lines);
  }

  /** The SIEM batch files and their knobs. */
  public MimecastSiemApi siem() {
    return siem;
  }

  /** The {@code index}-th file of {@code type} (0-based) answers an expired URL from now on. */
  public MimecastSimulator expireFile(String type, int index) {
    siem.expireFile(type, index);
    return this;
  }

  /** Expired files answer this status (404 by default; S3 also says 403). */
  public MimecastSimulator expiredFileStatus(int status) {
    siem.expiredFileStatus(status);
    return this;
  }

  /**
   * The next {@code count} log or SIEM listing requests answer HTTP 200 with {@code fail[]} of
   * {@code shape}; {@code retryable} is the flag of NESTED items (FLAT items have none).
   */
  public MimecastSimulator failNext(int count, FailShape shape, Boolean retryable) {
    failShape = shape;
    failRetryable = retryable;
    failuresLeft.set(count);
    return this;
  }

  /** Every token issued so far stops working (the next API call answers 401). */
  public MimecastSimulator expireTokens() {
    tokens.expireAll();
    return this;
  }

  /** The {@code expires_in} of new tokens, and when the simulator stops accepting them. */
  public MimecastSimulator tokenLifetime(Duration lifetime) {
    tokens.lifetime(lifetime);
    return this;
  }

  /** {@code X-RateLimit-Reset} of the injected 429 fault, in milliseconds. */
  public MimecastSimulator rateLimitResetMillis(long millis) {
    resetMillis = millis;
    return this;
  }

  public int tokensIssued() {
    return (int) tokens.issuedCount();
  }

  /** Batch files served (expired and refused requests not counted). */
  public int fileDownloads() {
    return siem.downloads();
  }

  /** Batch-file requests that arrived with an {@code Authorization} header (must stay 0). */
  public int fileRequestsWithAuthorization() {
    return siem.requestsWithAuthorization();
  }

  @Override
  protected String client(SimRequest request) {
    String path = request.path();
    return path.equals(TOKEN_PATH) || path.startsWith(MimecastSiemApi.FILES_PATH)
        ? null
        : tokens.client(request.header("Authorization").orElse(null));
  }

  @Override
  protected SimResponse handle(SimRequest request) {
    String path = request.path();
    if (path.equals(TOKEN_PATH) && request.method().equals("POST")) {
      return token(request);
    }
    if (path.startsWith(MimecastSiemApi.FILES_PATH) && request.method().equals("GET")) {
      return siem.file(request);
    }
    boolean listing = path.equals(SIEM_PATH) && request.method().equals("GET");
    if (!listing && !(logs.serves(path) && request.method().equals("POST"))) {
      return failure(404, "err_resource_not_found", "0003 Resource not found: " + path);
    }
    String client = tokens.client(request.header("Authorization").orElse(null));
    if (client == null) {
      return failure(401, "err_xdk_token_invalid", "Access token is invalid or expired");
    }
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return failInBody();
    }
    return listing ? siem.listing(request, client) : logs.handle(request, client);
  }

  @Override
  protected SimResponse withQuota(SimResponse response, SimQuota.Decision decision) {
    return response
        .with("X-RateLimit-Limit", Integer.toString(decision.limit()))
        .with("X-RateLimit-Remaining", Integer.toString(decision.remaining()))
        .with("X-RateLimit-Reset", Long.toString(millisUntil(decision)));
  }

  @Override
  protected SimResponse rateLimited(SimRequest request, SimQuota.Decision decision) {
    return failure(429, "err_rate_limit_exceeded", "429 Quota Exceeded")
        .with("X-RateLimit-Limit", Integer.toString(quotaLimit))
        .with("X-RateLimit-Remaining", "0")
        .with("X-RateLimit-Reset", Long.toString(millisUntil(decision)));
  }

  @Override
  protected Duration injectedRateLimitWait() {
    return Duration.ofMillis(resetMillis);
  }

  @Override
  protected SimResponse serverError(SimRequest request) {
    return failure(500, "err_internal_server_error", "Internal Server Error");
  }

  private static long millisUntil(SimQuota.Decision decision) {
    return decision.untilReset().toMillis();
  }

  private SimResponse token(SimRequest request) {
    Map<String, String> form = SimTokens.form(request.body());
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return SimResponse.json(400, "{\"error\":\"unsupported_grant_type\"}");
    }
    String clientId = form.get("client_id");
    String secret = clientId == null ? null : secrets.get(clientId);
    if (secret == null || !secret.equals(form.get("client_secret"))) {
      return SimResponse.json(
          401,
          "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
    }
    return SimResponse.json(200, tokens.grant("sim", clientId, "Bearer", ",\"scope\":\"\""));
  }

  private SimResponse failInBody() {
    String item;
    if (failShape == FailShape.NESTED) {
      item =
          "{\"key\":{},\"errors\":[{\"code\":\"err_simulated_backend\",\"message\":\"0015 Backend"
              + " unavailable\""
              + (failRetryable == null ? "" : ",\"retryable\":" + failRetryable)
              + "}]}";
    } else {
      item = "{\"code\":\"err_simulated_backend\",\"message\":\"Backend unavailable\"}";
    }
    return SimResponse.json(200, "{\"meta\":{\"status\":200},\"data\":[],\"fail\":[" + item + "]}");
  }

  /** Mimecast's error envelope: {@code meta.status} and a flat {@code fail[]} item. */
  static SimResponse failure(int status, String code, String message) {
    return SimResponse.json(
        status,
        "{\"meta\":{\"status\":"
            + status
            + "},\"data\":[],\"fail\":[{\"code\":\""
            + code
            + "\",\"message\":\""
            + message.replace("\"", "\\\"")
            + "\"}]}");
  }

  /** Mimecast's page tokens are opaque; these are an offset and when it was issued. */
  static String encodeToken(int offset, Instant issued) {
    return SimCursors.encode("mc", issued, Integer.toString(offset));
  }

  static String[] decodeToken(String token) {
    return SimCursors.decode("mc", token, 1);
  }
}
