package io.sluice.sandbox.simulators;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * The SIEM batch events of {@link MimecastSimulator}: {@code GET
 * /siem/v1/batch/events/cg?type=&dateRangeStartsAt=&pageSize=&nextPage=} → {@code
 * {"value":[{"url":…}],"@nextPage":"…"}}, every URL a gzip NDJSON file served under {@code
 * /batch-files/}, pre-signed as object storage does it:
 *
 * <ul>
 *   <li>a request that carries an {@code Authorization} header is refused (400, as S3 does)
 *   <li>a URL is signed for the options' cursor lifetime ({@code X-Amz-Date}, {@code
 *       X-Amz-Expires}); later it answers 403 "Request has expired"
 *   <li>object storage also answers 403 now and then for a URL that is fine (signing glitches):
 *       every {@link #transient403Every}-th download, on by default (every 4th)
 *   <li>{@code @nextPage} names the last file listed, so files dropped by retention ({@link
 *       #dropOldest}) do not shift later pages; a dropped file answers 404
 *   <li>{@code @nextPage} is present also when nothing is new yet, to be asked again later
 * </ul>
 */
public final class MimecastSiemApi {
  static final String PATH = "/siem/v1/batch/events/cg";
  static final String FILES_PATH = "/batch-files/";
  private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\"\\s*:\\s*(\\d+)");

  private record SiemFile(
      long seq, String id, String client, String type, Instant first, byte[] gzip) {}

  private final List<SiemFile> files = new CopyOnWriteArrayList<>();
  private final Set<String> expired = ConcurrentHashMap.newKeySet();
  private final Set<String> dropped = ConcurrentHashMap.newKeySet();
  private final Supplier<URI> baseUrl;
  private final Clock clock;
  private final Duration urlLifetime;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicInteger downloads = new AtomicInteger();
  private final AtomicInteger downloadRequests = new AtomicInteger();
  private final AtomicInteger transient403s = new AtomicInteger();
  private final AtomicInteger withAuthorization = new AtomicInteger();
  private volatile int expiredStatus = 404;
  private volatile int transientEvery = 4;

  MimecastSiemApi(Supplier<URI> baseUrl, Clock clock, Duration urlLifetime) {
    this.baseUrl = baseUrl;
    this.clock = clock;
    this.urlLifetime = urlLifetime;
  }

  /** Every {@code n}-th file download answers a transient 403; 0 turns it off. */
  public MimecastSiemApi transient403Every(int n) {
    transientEvery = n;
    return this;
  }

  /** Retention: the {@code count} oldest files of {@code type} are gone (404), for every client. */
  public MimecastSiemApi dropOldest(String type, int count) {
    files.stream()
        .filter(f -> f.type().equals(type) && !dropped.contains(f.id()))
        .limit(count)
        .forEach(f -> dropped.add(f.id()));
    return this;
  }

  /** Transient 403s sent so far. */
  public int transient403s() {
    return transient403s.get();
  }

  void expireFile(String type, int index) {
    expired.add(files.stream().filter(f -> f.type().equals(type)).toList().get(index).id());
  }

  void expiredFileStatus(int status) {
    expiredStatus = status;
  }

  int downloads() {
    return downloads.get();
  }

  int requestsWithAuthorization() {
    return withAuthorization.get();
  }

  void add(String client, String type, List<String> lines) {
    Instant first = lines.isEmpty() ? clock.instant() : lineTime(lines.get(0));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      for (String line : lines) {
        gzip.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long seq = sequence.incrementAndGet();
    files.add(
        new SiemFile(
            seq,
            "b" + seq + "-" + UUID.randomUUID().toString().substring(0, 8),
            client,
            type,
            first,
            bytes.toByteArray()));
  }

  SimResponse listing(SimRequest request, String client) {
    Map<String, String> query = request.query();
    String type = query.get("type");
    int pageSize;
    try {
      pageSize = Integer.parseInt(query.getOrDefault("pageSize", "100"));
    } catch (NumberFormatException e) {
      return MimecastSimulator.failure(400, "err_validation_invalid", "pageSize");
    }
    if (type == null || type.isBlank() || pageSize < 1) {
      return MimecastSimulator.failure(
          400, "err_validation_null", "type and pageSize are required");
    }
    long afterSeq = 0;
    if (query.containsKey("nextPage")) {
      String[] parts = SimCursors.decode("siem", query.get("nextPage"), 1);
      if (parts == null) {
        return MimecastSimulator.failure(
            400, "err_invalid_page_token", "The nextPage token is not valid");
      }
      afterSeq = Long.parseLong(parts[1]);
    }
    LocalDate startsAt;
    try {
      startsAt =
          query.containsKey("dateRangeStartsAt")
              ? LocalDate.parse(query.get("dateRangeStartsAt"))
              : LocalDate.MIN;
    } catch (DateTimeParseException e) {
      return MimecastSimulator.failure(400, "err_validation_invalid", "dateRangeStartsAt");
    }
    long after = afterSeq;
    List<SiemFile> page =
        files.stream()
            .filter(f -> f.client().equals(client) && f.type().equals(type))
            .filter(f -> f.seq() > after && !dropped.contains(f.id()))
            .filter(f -> !f.first().atZone(ZoneOffset.UTC).toLocalDate().isBefore(startsAt))
            .limit(pageSize)
            .toList();
    Instant now = clock.instant();
    List<String> urls = new ArrayList<>();
    for (SiemFile file : page) {
      urls.add(
          "{\"url\":\""
              + baseUrl.get()
              + FILES_PATH
              + file.id()
              + ".ndjson.gz?X-Amz-Date="
              + now.getEpochSecond()
              + "&X-Amz-Expires="
              + urlLifetime.toSeconds()
              + "&X-Amz-Signature="
              + UUID.randomUUID().toString().replace("-", "")
              + "\"}");
    }
    long last = page.isEmpty() ? afterSeq : page.get(page.size() - 1).seq();
    String nextPage = SimCursors.encode("siem", now, Long.toString(last));
    String json = "{\"value\":[" + String.join(",", urls) + "],\"@nextPage\":\"" + nextPage + "\"}";
    return SimResponse.json(200, json);
  }

  SimResponse file(SimRequest request) {
    if (request.header("Authorization").isPresent()) {
      withAuthorization.incrementAndGet();
      return xml(400, "InvalidArgument", "Only one auth mechanism allowed");
    }
    String name = request.path().substring(FILES_PATH.length());
    String id = name.endsWith(".ndjson.gz") ? name.substring(0, name.length() - 10) : name;
    SiemFile file = files.stream().filter(f -> f.id().equals(id)).findFirst().orElse(null);
    if (file == null || dropped.contains(id)) {
      return xml(404, "NoSuchKey", "The specified key does not exist.");
    }
    if (expired.contains(id)) {
      return expiredStatus == 403
          ? xml(403, "AccessDenied", "Request has expired")
          : xml(404, "NoSuchKey", "The specified key does not exist.");
    }
    if (signatureExpired(request)) {
      return xml(403, "AccessDenied", "Request has expired");
    }
    int n = downloadRequests.incrementAndGet();
    if (transientEvery > 0 && n % transientEvery == 0) {
      transient403s.incrementAndGet();
      return xml(403, "AccessDenied", "Access Denied");
    }
    downloads.incrementAndGet();
    return new SimResponse(
        200,
        new ArrayList<>(List.of(Map.entry("Content-Type", "application/octet-stream"))),
        file.gzip());
  }

  private boolean signatureExpired(SimRequest request) {
    Map<String, String> query = request.query();
    try {
      long signed = Long.parseLong(query.getOrDefault("X-Amz-Date", "0"));
      long seconds = Long.parseLong(query.getOrDefault("X-Amz-Expires", "0"));
      return seconds > 0 && clock.instant().isAfter(Instant.ofEpochSecond(signed + seconds));
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private static SimResponse xml(int status, String code, String message) {
    return new SimResponse(
        status,
        new ArrayList<>(List.of(Map.entry("Content-Type", "application/xml"))),
        ("<Error><Code>" + code + "</Code><Message>" + message + "</Message></Error>")
            .getBytes(StandardCharsets.UTF_8));
  }

  private Instant lineTime(String line) {
    Matcher m = TIMESTAMP.matcher(line);
    return m.find() ? Instant.ofEpochMilli(Long.parseLong(m.group(1))) : clock.instant();
  }
}
