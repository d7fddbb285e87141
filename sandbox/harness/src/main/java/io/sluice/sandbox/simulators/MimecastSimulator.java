package io.sluice.sandbox.simulators;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Mimecast API 2.0 as shared/vendor-apis.md §1 describes it:
 *
 * <ul>
 *   <li>{@code POST /oauth/token} (form {@code client_id}, {@code client_secret}, {@code
 *       grant_type=client_credentials}) → {@code {"access_token","token_type":"Bearer",
 *       "expires_in":1799,"scope":""}}; a wrong client → 401 with an OAuth error body
 *   <li>the five log endpoints ({@link MimecastEvents#TTP_URL} …), POST with the common envelope:
 *       {@code meta.pagination.pageSize}/{@code pageToken}, {@code data[0].from}/{@code to} (audit:
 *       {@code startDateTime}/{@code endDateTime}, inclusive), records under {@code
 *       data[].clickLogs[]} etc. or flat {@code data[]} (audit); a full page carries {@code next};
 *       the page after the last record is Elastic's mock: {@code "next":"String"} with {@code
 *       "data":[]}
 *   <li>{@code GET /siem/v1/batch/events/cg?type=&dateRangeStartsAt=&pageSize=&nextPage=} → {@code
 *       {"value":[{"url":…}],"@nextPage":"…"}}, every URL a gzip NDJSON file served by this
 *       simulator under {@code /batch-files/}, pre-signed: a request that carries an {@code
 *       Authorization} header is refused (400, as S3 does); an expired file answers 404
 *   <li>{@code X-RateLimit-Limit}/{@code -Remaining} on every response, {@code X-RateLimit-Reset}
 *       (milliseconds) only on a 429, whose body is a {@code fail[]} envelope
 * </ul>
 *
 * <p>Mimecast-specific fault knobs besides {@link Faults}: {@link #failNext} ({@code fail[]} in an
 * HTTP 200, both shapes), {@link #expireTokens} (the next API call answers 401 until a new token is
 * fetched), {@link #expireFile} and {@link #rateLimitResetMillis}.
 */
public final class MimecastSimulator extends VendorSimulator {
  public static final String TOKEN_PATH = "/oauth/token";
  public static final String SIEM_PATH = "/siem/v1/batch/events/cg";
  static final String FILES_PATH = "/batch-files/";
  private static final int LIMIT = 1000;
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");
  private static final Pattern TIME_FIELD =
      Pattern.compile("\"(?:date|eventTime)\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\"\\s*:\\s*(\\d+)");

  /** The two shapes of a {@code fail[]} item. */
  public enum FailShape {
    /** API 1.0: {@code {"key":{…},"errors":[{"code","message","retryable"}]}}. */
    NESTED,
    /** API 2.0: {@code {"code","message"}}. */
    FLAT
  }

  private record Log(String path, String logsField, String fromField, String toField) {}

  private static final List<Log> LOGS =
      List.of(
          new Log(MimecastEvents.TTP_URL, "clickLogs", "from", "to"),
          new Log(MimecastEvents.TTP_ATTACHMENT, "attachmentLogs", "from", "to"),
          new Log(MimecastEvents.TTP_IMPERSONATION, "impersonationLogs", "from", "to"),
          new Log(MimecastEvents.DLP, "dlpLogs", "from", "to"),
          new Log(MimecastEvents.AUDIT, null, "startDateTime", "endDateTime"));

  private record SiemFile(String id, String type, Instant first, byte[] gzip) {}

  private final String clientId;
  private final String clientSecret;
  private final Clock clock;
  private final Map<String, List<String>> logs = new ConcurrentHashMap<>();
  private final List<SiemFile> files = new CopyOnWriteArrayList<>();
  private final SimTokens tokens;
  private final Set<String> expiredFiles = ConcurrentHashMap.newKeySet();
  private final AtomicInteger fileDownloads = new AtomicInteger();
  private final AtomicInteger fileRequestsWithAuthorization = new AtomicInteger();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicLong fileIds = new AtomicLong();
  private volatile FailShape failShape = FailShape.NESTED;
  private volatile Boolean failRetryable = Boolean.TRUE;
  private volatile long resetMillis = 200;
  private volatile int expiredFileStatus = 404;

  private MimecastSimulator(
      String clientId, String clientSecret, MimecastEvents.Scenario scenario, Clock clock) {
    super("mimecast");
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.clock = clock;
    this.tokens = new SimTokens(Duration.ofSeconds(1799), clock);
    for (Log log : LOGS) {
      logs.put(log.path(), new CopyOnWriteArrayList<>(scenario.logs(log.path())));
    }
    scenario.siem().forEach((type, batches) -> batches.forEach(lines -> addFile(type, lines)));
  }

  /** Starts a simulator that accepts this client and serves {@code scenario}. */
  public static MimecastSimulator start(
      String clientId, String clientSecret, MimecastEvents.Scenario scenario) {
    MimecastSimulator simulator =
        new MimecastSimulator(clientId, clientSecret, scenario, Clock.systemUTC());
    simulator.startServer();
    return simulator;
  }

  /** New log records arrive at {@code path} (live traffic). */
  public void append(String path, List<String> records) {
    logs.get(path).addAll(records);
  }

  /** A new SIEM batch file of {@code type} is published. */
  public void appendSiemFile(String type, List<String> lines) {
    addFile(type, lines);
  }

  /**
   * The {@code index}-th file of {@code type} (0-based) now answers 404 (pre-signed URL expired).
   */
  public MimecastSimulator expireFile(String type, int index) {
    expiredFiles.add(files.stream().filter(f -> f.type().equals(type)).toList().get(index).id());
    return this;
  }

  /** Expired files answer this status (404 by default; S3 also says 403). */
  public MimecastSimulator expiredFileStatus(int status) {
    expiredFileStatus = status;
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

  /** {@code X-RateLimit-Reset} of the 429 fault, in milliseconds. */
  public MimecastSimulator rateLimitResetMillis(long millis) {
    resetMillis = millis;
    return this;
  }

  public int tokensIssued() {
    return (int) tokens.issuedCount();
  }

  /** Batch files served (expired and refused requests not counted). */
  public int fileDownloads() {
    return fileDownloads.get();
  }

  /** Batch-file requests that arrived with an {@code Authorization} header (must stay 0). */
  public int fileRequestsWithAuthorization() {
    return fileRequestsWithAuthorization.get();
  }

  @Override
  protected SimResponse handle(SimRequest request) {
    String path = request.path();
    if (path.equals(TOKEN_PATH) && request.method().equals("POST")) {
      return token(request);
    }
    if (path.startsWith(FILES_PATH) && request.method().equals("GET")) {
      return file(request);
    }
    Log log = LOGS.stream().filter(l -> l.path().equals(path)).findFirst().orElse(null);
    boolean siem = path.equals(SIEM_PATH) && request.method().equals("GET");
    if ((log == null || !request.method().equals("POST")) && !siem) {
      return failure(404, "err_resource_not_found", "0003 Resource not found: " + path);
    }
    if (!authorized(request)) {
      return failure(401, "err_xdk_token_invalid", "Access token is invalid or expired");
    }
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return failInBody(request);
    }
    return siem ? siemListing(request) : logs(request, log);
  }

  @Override
  protected SimResponse rateLimited(SimRequest request) {
    return failure(429, "err_rate_limit_exceeded", "429 Quota Exceeded")
        .with("X-RateLimit-Limit", Integer.toString(LIMIT))
        .with("X-RateLimit-Remaining", "0")
        .with("X-RateLimit-Reset", Long.toString(resetMillis));
  }

  @Override
  protected SimResponse serverError(SimRequest request) {
    return failure(500, "err_internal_server_error", "Internal Server Error");
  }

  private SimResponse token(SimRequest request) {
    Map<String, String> form = SimTokens.form(request.body());
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return SimResponse.json(400, "{\"error\":\"unsupported_grant_type\"}");
    }
    if (!clientId.equals(form.get("client_id"))
        || !clientSecret.equals(form.get("client_secret"))) {
      return SimResponse.json(
          401,
          "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
    }
    String token = tokens.issue("sim");
    return limits(
        SimResponse.json(
            200,
            "{\"access_token\":\""
                + token
                + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + tokens.lifetime().toSeconds()
                + ",\"scope\":\"\"}"));
  }

  private boolean authorized(SimRequest request) {
    return tokens.valid(request.header("Authorization").orElse(null));
  }

  private SimResponse logs(SimRequest request, Log log) {
    String body = new String(request.body(), StandardCharsets.UTF_8);
    Integer pageSize = intField(body, "pageSize");
    Instant from = instantField(body, log.fromField());
    Instant to = instantField(body, log.toField());
    if (pageSize == null || pageSize < 1 || from == null || to == null) {
      return failure(
          400,
          "err_validation_null",
          "pageSize, " + log.fromField() + " and " + log.toField() + " are required");
    }
    String token = stringField(body, "pageToken");
    int offset = token == null ? 0 : decodeToken(token);
    if (offset < 0) {
      return failure(400, "err_invalid_page_token", "The page token is not valid");
    }
    boolean oldestFirst = !body.matches("(?s).*\"oldestFirst\"\\s*:\\s*false.*");
    List<String> matching = new ArrayList<>();
    List<Instant> times = new ArrayList<>();
    for (String record : logs.get(log.path())) {
      Instant time = recordTime(record);
      if (time != null && !time.isBefore(from) && !time.isAfter(to)) {
        matching.add(record);
        times.add(time);
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < matching.size(); i++) {
      order.add(i);
    }
    Comparator<Integer> byTime = Comparator.comparing(times::get);
    order.sort(oldestFirst ? byTime : byTime.reversed());
    int start = Math.min(offset, order.size());
    int end = Math.min(start + pageSize, order.size());
    List<String> page = new ArrayList<>();
    for (int i = start; i < end; i++) {
      page.add(matching.get(order.get(i)));
    }
    String next;
    if (page.isEmpty()) {
      next = token == null ? null : "String"; // Elastic's mock: a token with no data means done
    } else if (page.size() == pageSize) {
      next = encodeToken(end); // a full page does not know whether more follow
    } else {
      next = null;
    }
    String records = String.join(",", page);
    String data;
    if (page.isEmpty()) {
      data = "[]";
    } else if (log.logsField() == null) {
      data = "[" + records + "]";
    } else {
      data = "[{\"" + log.logsField() + "\":[" + records + "]}]";
    }
    String json =
        "{\"meta\":{\"status\":200,\"pagination\":{\"pageSize\":"
            + pageSize
            + ",\"totalCount\":"
            + matching.size()
            + (next == null ? "" : ",\"next\":\"" + next + "\"")
            + "}},\"data\":"
            + data
            + ",\"fail\":[]}";
    return limits(SimResponse.json(200, json));
  }

  private SimResponse siemListing(SimRequest request) {
    Map<String, String> query = request.query();
    String type = query.get("type");
    int pageSize;
    try {
      pageSize = Integer.parseInt(query.getOrDefault("pageSize", "100"));
    } catch (NumberFormatException e) {
      return failure(400, "err_validation_invalid", "pageSize");
    }
    if (type == null || type.isBlank() || pageSize < 1) {
      return failure(400, "err_validation_null", "type and pageSize are required");
    }
    int offset;
    if (query.containsKey("nextPage")) {
      offset = decodeToken(query.get("nextPage"));
      if (offset < 0) {
        return failure(400, "err_invalid_page_token", "The nextPage token is not valid");
      }
    } else {
      offset = 0;
    }
    LocalDate startsAt;
    try {
      startsAt =
          query.containsKey("dateRangeStartsAt")
              ? LocalDate.parse(query.get("dateRangeStartsAt"))
              : LocalDate.MIN;
    } catch (DateTimeParseException e) {
      return failure(400, "err_validation_invalid", "dateRangeStartsAt");
    }
    List<SiemFile> ofType =
        files.stream()
            .filter(f -> f.type().equals(type))
            .filter(f -> !f.first().atZone(ZoneOffset.UTC).toLocalDate().isBefore(startsAt))
            .toList();
    int from = Math.min(offset, ofType.size());
    int to = Math.min(from + pageSize, ofType.size());
    List<String> urls = new ArrayList<>();
    for (SiemFile file : ofType.subList(from, to)) {
      urls.add(
          "{\"url\":\""
              + baseUrl()
              + FILES_PATH
              + file.id()
              + ".ndjson.gz?X-Amz-Expires=3600&X-Amz-Signature="
              + UUID.randomUUID().toString().replace("-", "")
              + "\"}");
    }
    // @nextPage is a cursor: present also when nothing is new yet, to be asked again later.
    String json =
        "{\"value\":[" + String.join(",", urls) + "],\"@nextPage\":\"" + encodeToken(to) + "\"}";
    return limits(SimResponse.json(200, json));
  }

  private SimResponse file(SimRequest request) {
    if (request.header("Authorization").isPresent()) {
      fileRequestsWithAuthorization.incrementAndGet();
      return xml(400, "InvalidArgument", "Only one auth mechanism allowed");
    }
    String name = request.path().substring(FILES_PATH.length());
    String id = name.endsWith(".ndjson.gz") ? name.substring(0, name.length() - 10) : name;
    SiemFile file = files.stream().filter(f -> f.id().equals(id)).findFirst().orElse(null);
    if (file == null) {
      return xml(404, "NoSuchKey", "The specified key does not exist.");
    }
    if (expiredFiles.contains(id)) {
      return expiredFileStatus == 403
          ? xml(403, "AccessDenied", "Request has expired")
          : xml(404, "NoSuchKey", "The specified key does not exist.");
    }
    fileDownloads.incrementAndGet();
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(Map.entry("Content-Type", "application/octet-stream"));
    return new SimResponse(200, headers, file.gzip());
  }

  private SimResponse failInBody(SimRequest request) {
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
    return limits(
        SimResponse.json(200, "{\"meta\":{\"status\":200},\"data\":[],\"fail\":[" + item + "]}"));
  }

  private static SimResponse failure(int status, String code, String message) {
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

  private static SimResponse xml(int status, String code, String message) {
    return new SimResponse(
        status,
        new ArrayList<>(List.of(Map.entry("Content-Type", "application/xml"))),
        ("<Error><Code>" + code + "</Code><Message>" + message + "</Message></Error>")
            .getBytes(StandardCharsets.UTF_8));
  }

  private SimResponse limits(SimResponse response) {
    return response
        .with("X-RateLimit-Limit", Integer.toString(LIMIT))
        .with("X-RateLimit-Remaining", Integer.toString(LIMIT - 1));
  }

  private void addFile(String type, List<String> lines) {
    Instant first = lines.isEmpty() ? clock.instant() : lineTime(lines.get(0));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      for (String line : lines) {
        gzip.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.add(
        new SiemFile(
            "b" + fileIds.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8),
            type,
            first,
            bytes.toByteArray()));
  }

  private Instant lineTime(String line) {
    Matcher m = TIMESTAMP.matcher(line);
    return m.find() ? Instant.ofEpochMilli(Long.parseLong(m.group(1))) : clock.instant();
  }

  private static Instant recordTime(String record) {
    Matcher m = TIME_FIELD.matcher(record);
    return m.find() ? parseTime(m.group(1)) : null;
  }

  private static Instant parseTime(String value) {
    try {
      return DATE_TIME.parse(value, java.time.OffsetDateTime::from).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Integer intField(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
    return m.find() ? Integer.valueOf(m.group(1)) : null;
  }

  private static String stringField(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    return m.find() ? m.group(1) : null;
  }

  private static Instant instantField(String json, String field) {
    String value = stringField(json, field);
    return value == null ? null : parseTime(value);
  }

  // Mimecast's tokens are opaque; these are the offset, base64url-encoded.
  static String encodeToken(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("mc:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  static int decodeToken(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      return text.startsWith("mc:") ? Integer.parseInt(text.substring(3)) : -1;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }
}
