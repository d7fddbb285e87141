package io.sluice.connectors.mimecast;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connectors.core.Json;
import io.sluice.connectors.core.RawRecord;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.Authenticator;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.HttpResult;
import io.sluice.connectors.http.JsonRecords.JsonRecord;
import io.sluice.connectors.http.JsonRecords.MalformedPageException;
import io.sluice.connectors.http.Origins;
import io.sluice.connectors.window.Window;
import io.sluice.connectors.window.WindowedFeed;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One Mimecast log endpoint with the common POST envelope (TTP URL, TTP attachment, TTP
 * impersonation, DLP, audit), as a {@link WindowedFeed}: overlap, dedup and expired cursors are
 * handled there.
 *
 * <p>Each window asks for {@code [from, to]} (whole seconds, inclusive, as Mimecast's time strings
 * have no fraction) and pages through it with {@code pageToken}, resending the same {@code data}
 * (as Elastic's API 2.0 input does). A window ends when {@code meta.pagination.next} is missing
 * <em>or</em> the page has no records: Mimecast's last page may carry a token with empty data
 * (Elastic's mock answers {@code "next":"String"}), which must not be followed. Every page's {@code
 * meta.status} and {@code fail[]} are checked before anything is published. A record's identity
 * (and Kafka key) is its {@code id} where the log has one, else the SHA-256 of its bytes.
 */
final class MimecastLogsFeed extends WindowedFeed {
  private final MimecastLog log;
  private final URI endpoint;
  private final int pageSize;
  private final HttpPageClient http;
  private final Authenticator auth;
  private final Clock clock;
  private final Set<String> fields;

  MimecastLogsFeed(
      MimecastLog log,
      URI baseUrl,
      Instant since,
      Window.Settings window,
      int pageSize,
      HttpPageClient http,
      Authenticator auth,
      Clock clock) {
    super(window, since.truncatedTo(ChronoUnit.SECONDS), clock, http.metrics());
    this.log = log;
    this.endpoint = Origins.resolve(baseUrl, log.path);
    this.pageSize = pageSize;
    this.http = http;
    this.auth = auth;
    this.clock = clock;
    this.fields = new HashSet<>();
    fields.add(log.timeField);
    if (log.idField != null) {
      fields.add(log.idField);
    }
  }

  @Override
  public String source() {
    return log.source();
  }

  @Override
  public String topic() {
    return log.topic();
  }

  /** Newest first where the request says {@code oldestFirst:false}; otherwise not documented. */
  @Override
  protected Window.Order order() {
    return Boolean.FALSE.equals(log.filters.get("oldestFirst"))
        ? Window.Order.DESCENDING
        : Window.Order.UNKNOWN;
  }

  @Override
  protected Window.Page query(Window window) throws VendorException, InterruptedException {
    byte[] body = requestBody(window);
    HttpResult result =
        http.send(
            () ->
                HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
            auth);
    if (result.status() != 200) {
      throw MimecastErrors.httpStatus(result, clock.instant());
    }
    MimecastEnvelope envelope;
    try {
      envelope = MimecastEnvelope.parse(result.body(), log.logsField, fields);
    } catch (MalformedPageException e) {
      throw result.malformedPage(e);
    }
    Optional<VendorException> failed = MimecastErrors.inBody(result, envelope, clock.instant());
    if (failed.isPresent()) {
      throw failed.get();
    }
    List<Window.Item> items = new ArrayList<>(envelope.records().size());
    for (JsonRecord record : envelope.records()) {
      String key =
          log.idField != null && record.fields().containsKey(log.idField)
              ? record.fields().get(log.idField)
              : RecordKeys.hash(record.bytes());
      Instant time = MimecastTime.parse(record.fields().get(log.timeField));
      items.add(new Window.Item(new RawRecord(key, record.bytes(), time), key));
    }
    boolean more = envelope.next() != null && !envelope.records().isEmpty();
    return new Window.Page(items, more ? envelope.next() : null);
  }

  private byte[] requestBody(Window window) {
    ObjectNode request = Json.MAPPER.createObjectNode();
    ObjectNode pagination = request.putObject("meta").putObject("pagination");
    pagination.put("pageSize", pageSize);
    if (window.cursor() != null) {
      pagination.put("pageToken", window.cursor());
    }
    ObjectNode filter = request.putArray("data").addObject();
    filter.put(log.fromField, MimecastTime.format(window.from()));
    filter.put(log.toField, MimecastTime.format(window.to()));
    log.filters.forEach((name, value) -> filter.set(name, Json.MAPPER.valueToTree(value)));
    return request.toString().getBytes(StandardCharsets.UTF_8);
  }
}
