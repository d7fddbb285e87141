package io.sluice.connectors.graph;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.sluice.connectors.http.JsonEnvelope;
import io.sluice.connectors.http.JsonRecords;
import io.sluice.connectors.http.JsonRecords.JsonRecord;
import io.sluice.connectors.http.Origins;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Microsoft Graph sign-in logs ({@code GET /v1.0/auditLogs/signIns}) read as a series of queries
 * {@code $filter=createdDateTime ge <from>}, each paged by following {@code @odata.nextLink}
 * verbatim until it is absent.
 *
 * <p>Graph returns a query newest first, so the first page holds the newest sign-in and the
 * checkpoint cannot move to "the last record seen". Instead the position carries the query's lower
 * bound, the newest {@code createdDateTime} seen so far in it, and the next link while paging:
 * {@code {"from":..,"max":..,"next":..}}. Only when the last page of a query is published does the
 * position become the next query, {@code from = max − overlap}, so that sign-ins Graph indexes late
 * (with a {@code createdDateTime} a little before the newest one already read) are still found. A
 * restart in the middle of a query resumes at its next link.
 *
 * <p>The overlap reads some sign-ins again. Those this process already committed are skipped (it
 * remembers their ids for the length of the overlap); after a restart they are published once more
 * — at least once per overlap window — and downstream dedup drops them when Graph returned the same
 * bytes (same {@code id}, same content hash). If Graph changed the record in between they are two
 * records with the same key, and both are kept.
 */
public final class GraphSignInsFeed implements Feed {
  public static final String SOURCE = "entra.signins";
  public static final String TOPIC = "raw.entra.signins";
  static final String PATH = "/v1.0/auditLogs/signIns";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("id", "createdDateTime");

  /** Graph's own precision (100 ns, seven digits), in UTC, as its filter examples write it. */
  private static final DateTimeFormatter FILTER_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final URI baseUrl;
  private final Instant since;
  private final int top;
  private final Duration overlap;
  private final HttpPageClient http;
  private final Authenticator auth;
  private final Clock clock;

  /** Sign-in id → createdDateTime of what this process committed, pruned to the overlap window. */
  private final Map<String, Instant> committed = new HashMap<>();

  private Page lastPage;
  private Map<String, Instant> lastPageIds = Map.of();

  public GraphSignInsFeed(
      URI baseUrl,
      Instant since,
      int top,
      Duration overlap,
      HttpPageClient http,
      Authenticator auth,
      Clock clock) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.since = since;
    this.top = top;
    this.overlap = overlap;
    this.http = http;
    this.auth = auth;
    this.clock = clock;
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
    return new Position(since, since, null).toJson();
  }

  @Override
  public Page fetch(String text) throws VendorException, InterruptedException {
    Position position = Position.parse(text);
    URI uri;
    if (position.next() != null) {
      uri = URI.create(position.next());
      Origins.requireSame(uri, baseUrl, "next link", "base.url changed");
    } else {
      uri = queryUri(position.from());
      committed.values().removeIf(created -> created.isBefore(position.from()));
    }
    HttpResult result =
        http.send(
            () -> HttpRequest.newBuilder(uri).GET().header("Accept", "application/json"), auth);
    if (result.status() != 200) {
      throw GraphErrors.classify(result, clock.instant());
    }
    List<JsonRecord> records;
    ObjectNode envelope;
    try {
      records = JsonRecords.split(result.body(), List.of("value"), FIELDS);
      envelope = JsonEnvelope.read(result.body(), "value");
    } catch (JsonRecords.MalformedPageException e) {
      throw result.malformedPage(e);
    }
    Instant max = position.max();
    List<RawRecord> fresh = new ArrayList<>(records.size());
    Map<String, Instant> ids = new HashMap<>();
    for (JsonRecord record : records) {
      String id = record.fields().get("id");
      Instant created = record.instant("createdDateTime");
      if (created != null && created.isAfter(max)) {
        max = created;
      }
      if (id != null && committed.containsKey(id)) {
        continue; // read again through the overlap window; this process already published it
      }
      fresh.add(new RawRecord(id, record.bytes(), created));
      if (id != null && created != null) {
        ids.put(id, created);
      }
    }
    JsonNode nextLink = envelope.get("@odata.nextLink");
    boolean more =
        nextLink != null
            && nextLink.isTextual()
            && !nextLink.asText().isBlank()
            // a next link to the very same page with nothing on it would loop for ever
            && !(records.isEmpty() && nextLink.asText().equals(uri.toString()));
    Page page =
        more
            ? new Page(fresh, new Position(position.from(), max, nextLink.asText()).toJson(), false)
            : new Page(fresh, new Position(max.minus(overlap), max, null).toJson(), true);
    lastPage = page;
    lastPageIds = ids;
    return page;
  }

  @Override
  public void committed(Page page) {
    if (page == lastPage) {
      committed.putAll(lastPageIds);
    }
  }

  private URI queryUri(Instant from) {
    String filter = "createdDateTime ge " + FILTER_TIME.format(from);
    return URI.create(
        Origins.of(baseUrl)
            + basePath()
            + PATH
            + "?$filter="
            + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20")
            + "&$top="
            + top);
  }

  private String basePath() {
    String path = baseUrl.getRawPath();
    return path == null ? "" : path.replaceAll("/+$", "");
  }

  /**
   * Where the feed stands: the current query's lower bound, the newest createdDateTime seen (in
   * this query or before), and the next link while a query is being paged.
   */
  record Position(Instant from, Instant max, String next) {
    Position {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(max, "max");
    }

    String toJson() {
      ObjectNode node = JSON.createObjectNode();
      node.put("from", from.toString());
      node.put("max", max.toString());
      if (next != null) {
        node.put("next", next);
      }
      return node.toString();
    }

    static Position parse(String text) throws VendorException {
      try {
        JsonNode node = JSON.readTree(text);
        JsonNode next = node.get("next");
        return new Position(
            Instant.parse(node.get("from").asText()),
            Instant.parse(node.get("max").asText()),
            next == null || next.isNull() ? null : next.asText());
      } catch (IOException | RuntimeException e) {
        throw new VendorException(
            ErrorKind.PERMANENT,
            null,
            null,
            "unreadable Graph checkpoint position (expected {\"from\",\"max\",\"next\"}); delete"
                + " this connector's checkpoint to start again");
      }
    }
  }
}
