package io.sluice.connectors.mimecast;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.Feed;
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
import java.util.List;
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
 * says the file is done ({@link SiemPosition}: listing page and file index per type). When a
 * listing's files are all published the checkpoint moves to its {@code @nextPage}. A listing with
 * no files means "caught up" for that type; its page token is asked again after the poll interval.
 * Several types are served in turn; the loop waits only once every type is caught up.
 *
 * <p>A file URL answering 403 or 404 has expired (Elastic's input skips these): the listing is
 * fetched again once for a fresh URL, and if that fails too the file is skipped, logged and counted
 * in {@code sluice_connector_errors_total{kind="file_expired"}}. Any other status stops the page
 * without moving the checkpoint (classified as usual).
 */
final class MimecastSiemFeed implements Feed {
  static final String SOURCE = "mimecast.siem";
  static final String TOPIC = "raw.mimecast.siem";
  static final String PATH = "/siem/v1/batch/events/cg";
  static final String FILE_EXPIRED = "file_expired";

  private static final Logger logger = LoggerFactory.getLogger(MimecastSiemFeed.class);
  private static final ObjectMapper JSON = new ObjectMapper();

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

  // In memory only: which type's turn it is, and the last listing (a cache, never a checkpoint).
  private int turn;
  private int idleInARow;
  private Listing cached;
  private boolean listingReused;

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

  /** One listing page. */
  private record Listing(
      String type, String page, List<URI> files, String nextPage, Instant fetchedAt) {}

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
    return new SiemPosition(start, java.util.Map.of()).toJson();
  }

  @Override
  public Page fetch(String position) throws VendorException, InterruptedException {
    SiemPosition at = parse(position);
    String type = types.get(turn % types.size());
    Cursor cursor = at.cursor(type);
    Listing listing = listing(type, cursor, false);
    if (cursor.file() < listing.files().size()) {
      List<RawRecord> records = download(type, cursor, listing);
      idleInARow = 0;
      return new Page(
          records, at.with(type, new Cursor(cursor.page(), cursor.file() + 1)).toJson(), false);
    }
    if (!listing.files().isEmpty() && listing.nextPage() != null) {
      idleInARow = 0;
      cached = null;
      return new Page(List.of(), at.with(type, new Cursor(listing.nextPage(), 0)).toJson(), false);
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

  private List<RawRecord> download(String type, Cursor cursor, Listing listing)
      throws VendorException, InterruptedException {
    HttpResult file = get(listing.files().get(cursor.file()));
    if (expired(file) && listingReused) {
      Listing again = listing(type, cursor, true);
      if (cursor.file() < again.files().size()) {
        file = get(again.files().get(cursor.file()));
      }
    }
    if (expired(file)) {
      http.metrics().error(FILE_EXPIRED);
      logger.warn(
          "{}: skipping batch file {} of type '{}' ({}): HTTP {}, its pre-signed URL has expired;"
              + " its records are lost to this connector",
          SOURCE,
          cursor.file(),
          type,
          file.where(),
          file.status());
      return List.of();
    }
    if (file.status() != 200) {
      VendorException e = MimecastErrors.httpStatus(file, clock.instant());
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
    return lines(gunzip(file));
  }

  private static boolean expired(HttpResult file) {
    return file.status() == 403 || file.status() == 404;
  }

  private HttpResult get(URI file) throws VendorException, InterruptedException {
    // Pre-signed: the signature is in the query; a bearer token must not travel to the storage
    // host.
    return http.send(HttpRequest.newBuilder(file).GET());
  }

  private Listing listing(String type, Cursor cursor, boolean forceFresh)
      throws VendorException, InterruptedException {
    Instant now = clock.instant();
    if (!forceFresh
        && cached != null
        && cached.type().equals(type)
        && java.util.Objects.equals(cached.page(), cursor.page())
        && cursor.file() < cached.files().size()
        && cached.fetchedAt().plus(LISTING_MAX_AGE).isAfter(now)) {
      listingReused = true;
      return cached;
    }
    StringBuilder query = new StringBuilder("?type=").append(encode(type));
    query.append("&pageSize=").append(pageSize);
    if (cursor.page() == null) {
      query.append("&dateRangeStartsAt=").append(start);
    } else {
      query.append("&nextPage=").append(encode(cursor.page()));
    }
    URI uri = Origins.resolve(baseUrl, PATH + query);
    HttpResult result =
        http.send(
            () -> HttpRequest.newBuilder(uri).GET().header("Accept", "application/json"), auth);
    if (result.status() != 200) {
      throw MimecastErrors.httpStatus(result, clock.instant());
    }
    JsonNode body;
    try {
      body = JSON.readTree(result.body());
    } catch (IOException e) {
      throw malformed(result, "not valid JSON");
    }
    if (body == null || !body.isObject() || !body.path("value").isArray()) {
      throw malformed(result, "no value[] array");
    }
    JsonNode meta = body.path("meta").get("status");
    MimecastEnvelope envelope =
        new MimecastEnvelope(
            meta != null && meta.canConvertToInt() ? meta.asInt() : null,
            null,
            List.of(),
            MimecastEnvelope.failures(body.get("fail")));
    java.util.Optional<VendorException> failed = MimecastErrors.inBody(result, envelope, now);
    if (failed.isPresent()) {
      throw failed.get();
    }
    List<URI> files = new ArrayList<>();
    for (JsonNode item : body.get("value")) {
      String url = item.path("url").asText("");
      try {
        files.add(URI.create(url));
      } catch (IllegalArgumentException e) {
        throw malformed(result, "a batch entry without a usable url");
      }
    }
    JsonNode next = body.get("@nextPage");
    String nextPage =
        next != null && next.isTextual() && !next.asText().isBlank() ? next.asText() : null;
    Listing listing = new Listing(type, cursor.page(), files, nextPage, now);
    listingReused = false;
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
    try (JsonParser parser = JSON.getFactory().createParser(line)) {
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
    } catch (IllegalArgumentException e) {
      throw new VendorException(
          ErrorKind.PERMANENT,
          null,
          null,
          "the checkpoint of " + SOURCE + " is not readable; delete it to start again from since");
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
