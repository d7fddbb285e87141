package io.sluice.connectors.mimecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.Feed;
import io.sluice.connectors.core.Page;
import io.sluice.connectors.core.RawRecord;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.Authenticator;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.HttpResult;
import io.sluice.connectors.http.JsonRecords.JsonRecord;
import io.sluice.connectors.http.JsonRecords.MalformedPageException;
import io.sluice.connectors.http.Origins;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One Mimecast log endpoint with the common POST envelope (TTP URL, TTP attachment, TTP
 * impersonation, DLP, audit).
 *
 * <p>Each window asks for {@code [from, now]} and pages through it with {@code pageToken},
 * resending the same {@code data} (as Elastic's API 2.0 input does). A window ends when {@code
 * meta.pagination.next} is missing <em>or</em> the page has no records: Mimecast's last page may
 * carry a token with empty data (Elastic's mock answers {@code "next":"String"}), which must not be
 * followed. The end of a window is "caught up": the loop waits one poll interval before the next.
 * See {@link LogsPosition} for the checkpoint. Every page's {@code meta.status} and {@code fail[]}
 * are checked before anything is published.
 */
final class MimecastLogsFeed implements Feed {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MimecastLog log;
  private final URI baseUrl;
  private final Instant since;
  private final int pageSize;
  private final HttpPageClient http;
  private final Authenticator auth;
  private final Clock clock;
  private final Set<String> fields;

  MimecastLogsFeed(
      MimecastLog log,
      URI baseUrl,
      Instant since,
      int pageSize,
      HttpPageClient http,
      Authenticator auth,
      Clock clock) {
    this.log = log;
    this.baseUrl = baseUrl;
    this.since = since.truncatedTo(ChronoUnit.SECONDS);
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

  @Override
  public String initialPosition() {
    return LogsPosition.between(since, List.of()).toJson();
  }

  @Override
  public Page fetch(String position) throws VendorException, InterruptedException {
    LogsPosition at = parse(position);
    Instant to = at.paging() ? at.to() : clock.instant().truncatedTo(ChronoUnit.SECONDS);
    byte[] body = requestBody(at, to);
    URI uri = Origins.resolve(baseUrl, log.path);
    HttpResult result =
        http.send(
            () ->
                HttpRequest.newBuilder(uri)
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

    Instant max = at.paging() ? at.max() : at.from();
    Set<String> maxKeys = new TreeSet<>(at.paging() ? at.maxKeys() : at.seen());
    Set<String> seen = new HashSet<>(at.seen());
    List<RawRecord> records = new ArrayList<>(envelope.records().size());
    for (JsonRecord record : envelope.records()) {
      String key =
          log.idField != null && record.fields().containsKey(log.idField)
              ? record.fields().get(log.idField)
              : RecordKeys.hash(record.bytes());
      Instant time = MimecastTime.parse(record.fields().get(log.timeField));
      if (time != null && time.equals(at.from()) && seen.contains(key)) {
        continue; // published at the end of the previous window (from is inclusive)
      }
      records.add(new RawRecord(key, record.bytes(), time));
      if (time != null && time.isAfter(max)) {
        max = time;
        maxKeys.clear();
        maxKeys.add(key);
      } else if (time != null && time.equals(max)) {
        maxKeys.add(key);
      }
    }
    boolean windowDone = envelope.next() == null || envelope.records().isEmpty();
    if (windowDone) {
      return new Page(records, LogsPosition.between(max, maxKeys).toJson(), true);
    }
    LogsPosition next =
        new LogsPosition(at.from(), at.seen(), to, envelope.next(), max, new ArrayList<>(maxKeys));
    return new Page(records, next.toJson(), false);
  }

  private byte[] requestBody(LogsPosition at, Instant to) {
    ObjectNode request = JSON.createObjectNode();
    ObjectNode pagination = request.putObject("meta").putObject("pagination");
    pagination.put("pageSize", pageSize);
    if (at.paging()) {
      pagination.put("pageToken", at.token());
    }
    ObjectNode filter = request.putArray("data").addObject();
    filter.put(log.fromField, MimecastTime.format(at.from()));
    filter.put(log.toField, MimecastTime.format(to));
    log.filters.forEach((name, value) -> filter.set(name, JSON.valueToTree(value)));
    return request.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private LogsPosition parse(String position) throws VendorException {
    try {
      return LogsPosition.fromJson(position);
    } catch (IllegalArgumentException e) {
      throw new VendorException(
          ErrorKind.PERMANENT,
          null,
          null,
          "the checkpoint of "
              + source()
              + " is not readable ("
              + e.getMessage()
              + "); delete it to start again from since");
    }
  }
}
