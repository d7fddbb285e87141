package io.sluice.connectors.mimecast;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.Feed;
import io.sluice.connectors.core.Json;
import io.sluice.connectors.core.Page;
import io.sluice.connectors.core.RawRecord;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.Authenticator;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.HttpResult;
import io.sluice.connectors.http.Origins;
import io.sluice.connectors.mimecast.SiemPosition.Cursor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mimecast SIEM batch events, API 2.0: {@code GET /siem/v1/batch/events/cg?type=…} lists batch
 * files ({@code {"value":[{"url":…}],"@nextPage":"…"}}); each URL is a pre-signed gzip NDJSON file,
 * fetched <em>without</em> the bearer token; every line becomes one record of {@code
 * raw.mimecast.siem}.
 *
 * <p>One {@link Page} (one Kafka transaction) per file: the file's lines plus the checkpoint that
 * names the file as done ({@link SiemPosition}: listing page and the identities of its files done,
 * per type). A file is identified by its URL's path (the storage key), never by its index in the
 * listing, which shifts when retention drops files from the front. When a listing's files are all
 * published the checkpoint moves to its {@code @nextPage}. A listing with no files means "caught
 * up" for that type; its page token is asked again after the poll interval. Several types are
 * served in turn; the loop waits only once every type is caught up.
 *
 * <p>A file answering 403 or 404 is never given up on its first URL: the listing is fetched again
 * for a fresh one. On the fresh URL, a 404 (or the file missing from the listing) means retention
 * removed it: skipped, logged and counted in {@code
 * sluice_connector_errors_total{kind="file_expired"}}. A 403 there may be a transient signing
 * failure of the storage (S3 answers 403 for those too), so it is retried with backoff on a newly
 * listed URL each time, up to {@value #FRESH_403_ATTEMPTS} times for that file before it is skipped
 * the same way. Any other status stops the page without moving the checkpoint (classified as
 * usual).
 */
final class MimecastSiemFeed implements Feed {
  static final String SOURCE = "mimecast.siem";
  static final String TOPIC = "raw.mimecast.siem";
  static final String PATH = "/siem/v1/batch/events/cg";
  static final String FILE_EXPIRED = "file_expired";

  /** 403s on freshly listed URLs of one file before it is skipped. */
  static final int FRESH_403_ATTEMPTS = 5;

  private static final Logger logger = LoggerFactory.getLogger(MimecastSiemFeed.class);

  /** Pre-signed URLs expire; a listing older than this is fetched again before its next file. */
  private static final Duration LISTING_MAX_AGE = Duration.ofMinutes(5);

  private final URI baseUrl;
  private final List<String> types;
  private final LocalDate start;
  private final int pageSize;
  private final long maxBytes;
  private final HttpPageClient http;
  private final Authenticator auth;
  private final Clock clock;

  // In memory only: which type's turn it is, the last listing (a cache, never a checkpoint) and
  // the 403s a file met on fresh URLs.
  private int turn;
  private int idleInARow;
  private Listing cached;
  private final Map<String, Integer> fresh403s = new HashMap<>();

  MimecastSiemFeed(
      URI baseUrl,
      List<String> types,
      LocalDate start,
      int pageSize,
      long maxBytes,
      HttpPageClient http,
      Authenticator auth,
      Clock clock) {
    this.baseUrl = baseUrl;
    this.types = List.copyOf(types);
    this.start = start;
    this.pageSize = pageSize;
    this.maxBytes = maxBytes;
    this.http = http;
    this.auth = auth;
    this.clock = clock;
  }

  /** One listed file: its stable identity and its (expiring) URL. */
  private record Listed(String identity, URI url) {}

  /** One listing page. */
  private record Listing(
      String type, String page, List<Listed> files, String nextPage, Instant fetchedAt) {
    Optional<Listed> find(String identity) {
      return files.stream().filter(f -> f.identity().equals(identity)).findFirst();
    }
  }

  @Override
  public String source() {
    return SOURCE;
  }

  @Override
  public String topic() {
    return TOPIC;
  }

  @Override
  public String initialPosition() {
    return new SiemPosition(start, Map.of()).toJson();
  }

  @Override
  public Page fetch(String position) throws VendorException, InterruptedException {
    SiemPosition at = parse(position);
    String type = types.get(turn % types.size());
    Cursor cursor = at.cursor(type);
    Listing listing = listing(type, cursor.page(), false);
    Optional<Listed> next =
        listing.files().stream().filter(f -> !cursor.done().contains(f.identity())).findFirst();
    if (next.isPresent()) {
      List<RawRecord> records = download(type, cursor, next.get());
      idleInARow = 0;
      return new Page(records, at.with(type, cursor.plus(next.get().identity())).toJson(), false);
    }
    if (!listing.files().isEmpty() && listing.nextPage() != null) {
      idleInARow = 0;
      cached = null;
      return new Page(
          List.of(), at.with(type, new Cursor(listing.nextPage(), Set.of())).toJson(), false);
    }
    // Nothing (more) listed for this type right now: give the next type its turn.
    cached = null;
    turn = (turn + 1) % types.size();
    idleInARow++;
    boolean allIdle = idleInARow >= types.size();
    if (allIdle) {
      idleInARow = 0;
    }
    return new Page(List.of(), at.toJson(), allIdle);
  }

  private List<RawRecord> download(String type, Cursor cursor, Listed file)
      throws VendorException, InterruptedException {
    HttpResult result = get(file.url());
    if (refused(result)) {
      // Never give up on a first URL: it may have expired, or storage refused it by mistake.
      http.metrics().siemRelisted();
      Optional<Listed> again = listing(type, cursor.page(), true).find(file.identity());
      if (again.isEmpty()) {
        return skip(type, file, result, "it is no longer listed (retention removed it)");
      }
      result = get(again.get().url());
      if (result.status() == 404) {
        return skip(type, file, result, "its freshly listed URL answers 404 too");
      }
      if (result.status() == 403) {
        int attempts = fresh403s.merge(file.identity(), 1, Integer::sum);
        if (attempts >= FRESH_403_ATTEMPTS) {
          return skip(
              type, file, result, "its freshly listed URLs answered 403 " + attempts + " times");
        }
        cached = null;
        throw new VendorException(
            ErrorKind.RETRYABLE,
            "403",
            null,
            "batch file "
                + result.where()
                + " answered 403 on a freshly listed URL ("
                + attempts
                + " of "
                + FRESH_403_ATTEMPTS
                + "); retrying with a new listing, the checkpoint stays");
      }
    }
    fresh403s.remove(file.identity());
    if (result.status() != 200) {
      VendorException e = MimecastErrors.httpStatus(result, clock.instant());
      throw new VendorException(
          e.kind() == ErrorKind.PERMANENT || e.kind() == ErrorKind.AUTHENTICATION
              ? ErrorKind.UNKNOWN
              : e.kind(),
          e.status(),
          e.vendorCode().orElse(null),
          "batch file: " + e.getMessage(),
          e.retryAfter().orElse(null),
          null);
    }
    return lines(gunzip(result));
  }

  private List<RawRecord> skip(String type, Listed file, HttpResult result, String why) {
    fresh403s.remove(file.identity());
    http.metrics().error(FILE_EXPIRED);
    logger.warn(
        "{}: skipping batch file {} of type '{}' (HTTP {}): {}; its records are lost to this"
            + " connector",
        SOURCE,
        file.identity(),
        type,
        result.status(),
        why);
    return List.of();
  }

  private static boolean refused(HttpResult file) {
    return file.status() == 403 || file.status() == 404;
  }

  private HttpResult get(URI file) throws VendorException, InterruptedException {
    // Pre-signed: the signature is in the query; a bearer token must not travel to the storage
    // host.
    return http.send(HttpRequest.newBuilder(file).GET());
  }

  private Listing listing(String type, String page, boolean forceFresh)
      throws VendorException, InterruptedException {
    Instant now = clock.instant();
    if (!forceFresh
        && cached != null
        && cached.type().equals(type)
        && Objects.equals(cached.page(), page)
        && cached.fetchedAt().plus(LISTING_MAX_AGE).isAfter(now)) {
      return cached;
    }
    StringBuilder query = new StringBuilder("?type=").append(encode(type));
    query.append("&pageSize=").append(pageSize);
    if (page == null) {
      query.append("&dateRangeStartsAt=").append(start);
    } else {
      query.append("&nextPage=").append(encode(page));
    }
    URI uri = Origins.resolve(baseUrl, PATH + query);
    HttpResult result =
        http.send(
            () -> HttpRequest.newBuilder(uri).GET().header("Accept", "application/json"), auth);
    if (result.status() != 200) {
      throw MimecastErrors.httpStatus(result, clock.instant());
    }
    JsonNode body = Json.objectOrNull(result.body());
    if (body == null || !body.path("value").isArray()) {
      throw malformed(result, "no value[] array");
    }
    JsonNode meta = body.path("meta").get("status");
    MimecastEnvelope envelope =
        new MimecastEnvelope(
            meta != null && meta.canConvertToInt() ? meta.asInt() : null,
            null,
            List.of(),
            MimecastEnvelope.failures(body.get("fail")));
    Optional<VendorException> failed = MimecastErrors.inBody(result, envelope, now);
    if (failed.isPresent()) {
      throw failed.get();
    }
    List<Listed> files = new ArrayList<>();
    for (JsonNode item : body.get("value")) {
      try {
        URI url = URI.create(item.path("url").asText(""));
        if (url.getRawPath() == null || url.getRawPath().isEmpty()) {
          throw new IllegalArgumentException("no path");
        }
        files.add(new Listed(url.getRawPath(), url));
      } catch (IllegalArgumentException e) {
        throw malformed(result, "a batch entry without a usable url");
      }
    }
    String nextPage = Json.nonBlank(body, "@nextPage").orElse(null);
    Listing listing = new Listing(type, page, files, nextPage, now);
    cached = files.isEmpty() ? null : listing;
    return listing;
  }

  private byte[] gunzip(HttpResult file) throws VendorException {
    byte[] body = file.body();
    if (body.length < 2 || (body[0] & 0xff) != 0x1f || (body[1] & 0xff) != 0x8b) {
      return body; // already decoded by HttpPageClient (Content-Encoding: gzip) or plain NDJSON
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 4);
      byte[] chunk = new byte[64 * 1024];
      long total = 0;
      for (int n; (n = in.read(chunk)) != -1; ) {
        total += n;
        if (total > maxBytes) {
          throw new VendorException(
              ErrorKind.PERMANENT,
              "page_too_large",
              null,
              file.where()
                  + ": batch file exceeds http.max.page.bytes="
                  + maxBytes
                  + " bytes decompressed; raise http.max.page.bytes");
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new VendorException(
          ErrorKind.RETRYABLE,
          "200",
          null,
          file.where() + ": batch file is not complete gzip (" + e.getClass().getSimpleName() + ")",
          null,
          e);
    }
  }

  /** One record per non-blank line, bytes as sent (without the line end). */
  static List<RawRecord> lines(byte[] ndjson) {
    List<RawRecord> records = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= ndjson.length; i++) {
      if (i == ndjson.length || ndjson[i] == '\n') {
        int to = i;
        if (to > from && ndjson[to - 1] == '\r') {
          to--;
        }
        byte[] line = Arrays.copyOfRange(ndjson, from, to);
        if (!new String(line, StandardCharsets.UTF_8).isBlank()) {
          records.add(new RawRecord(RecordKeys.hash(line), line, eventTime(line)));
        }
        from = i + 1;
      }
    }
    return records;
  }

  /** API 2.0 lines carry {@code timestamp} in epoch milliseconds; null when absent. */
  private static Instant eventTime(byte[] line) {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("timestamp".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
          return Instant.ofEpochMilli(parser.getLongValue());
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null; // published as sent; the normaliser dead-letters lines that are not JSON
    }
  }

  private SiemPosition parse(String position) throws VendorException {
    try {
      return SiemPosition.fromJson(position);
    } catch (RuntimeException e) {
      throw VendorException.unreadablePosition(SOURCE, e);
    }
  }

  private static VendorException malformed(HttpResult result, String what) {
    return new VendorException(
        ErrorKind.RETRYABLE, "200", null, result.where() + ": malformed listing, " + what);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
