package io.sluice.connectors.crowdstrike;

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
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * CrowdStrike Falcon alerts ({@code POST /alerts/combined/alerts/v1}) sorted by {@code
 * updated_timestamp|asc} with the filter {@code updated_timestamp:>'<from>'}, paged with the {@code
 * after} token of {@code meta.pagination} while it is present and the page has resources.
 *
 * <p>The position is {@code {"from":..,"last":..,"after":..}}: the query's lower bound (kept while
 * paging, since the {@code after} token belongs to that query), the {@code updated_timestamp} of
 * the last alert published, and the token while paging. When a query ends, the next one starts
 * {@code from} the last {@code updated_timestamp}, exactly as Falcon wrote it (RFC 3339 with
 * nanoseconds). An alert that Falcon updates again comes back with a newer {@code
 * updated_timestamp}: a new version under the same {@code composite_id}, which downstream keeps
 * (its bytes differ).
 *
 * <p>Falcon reports some failures inside an HTTP 200 ({@code errors[]}); they are checked before
 * anything on the page is used, so the checkpoint never moves past a failed page.
 */
public final class CrowdStrikeAlertsFeed implements Feed {
  public static final String SOURCE = "crowdstrike.alerts";
  public static final String TOPIC = "raw.crowdstrike.alerts";
  static final String PATH = "/alerts/combined/alerts/v1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("composite_id", "updated_timestamp");

  private final URI endpoint;
  private final Instant since;
  private final int limit;
  private final HttpPageClient http;
  private final Authenticator auth;
  private final Clock clock;

  public CrowdStrikeAlertsFeed(
      URI baseUrl, Instant since, int limit, HttpPageClient http, Authenticator auth, Clock clock) {
    this.endpoint = Origins.resolve(baseUrl, PATH);
    this.since = since;
    this.limit = limit;
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
    return new Position(since.toString(), since.toString(), null).toJson();
  }

  @Override
  public Page fetch(String text) throws VendorException, InterruptedException {
    Position position = Position.parse(text);
    byte[] request = requestBody(position);
    HttpResult result =
        http.send(
            () ->
                HttpRequest.newBuilder(endpoint)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request)),
            auth);
    if (result.status() / 100 != 2) {
      throw CrowdStrikeErrors.classify(result, clock.instant());
    }
    ObjectNode envelope;
    List<JsonRecord> records;
    try {
      envelope = JsonEnvelope.read(result.body(), "resources");
      JsonNode errors = envelope.get("errors");
      if (errors != null && errors.isArray() && !errors.isEmpty()) {
        throw CrowdStrikeErrors.inBody(result, errors, envelope.get("meta"), clock.instant());
      }
      // Falcon may send "resources": null (or nothing) for an empty page
      records =
          envelope.path("resources").isInt()
              ? JsonRecords.split(result.body(), List.of("resources"), FIELDS)
              : List.of();
    } catch (JsonRecords.MalformedPageException e) {
      throw result.malformedPage(e);
    }
    String last = position.last();
    List<RawRecord> raw = new ArrayList<>(records.size());
    for (JsonRecord record : records) {
      String updated = record.fields().get("updated_timestamp");
      if (updated != null) {
        last = updated;
      }
      raw.add(
          new RawRecord(
              record.fields().get("composite_id"),
              record.bytes(),
              record.instant("updated_timestamp")));
    }
    JsonNode after = envelope.path("meta").path("pagination").get("after");
    boolean more =
        after != null && after.isTextual() && !after.asText().isBlank() && !raw.isEmpty();
    String next =
        more
            ? new Position(position.from(), last, after.asText()).toJson()
            : new Position(last, last, null).toJson();
    return new Page(raw, next, !more);
  }

  private byte[] requestBody(Position position) {
    ObjectNode body = JSON.createObjectNode();
    body.put("limit", limit);
    body.put("sort", "updated_timestamp|asc");
    body.put("filter", "updated_timestamp:>'" + position.from().replace("'", "") + "'");
    if (position.after() != null) {
      body.put("after", position.after());
    }
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write the alerts query", e);
    }
  }

  /**
   * The query's lower bound and the last updated_timestamp published, both as Falcon wrote them,
   * and the after token while paging.
   */
  record Position(String from, String last, String after) {
    Position {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(last, "last");
    }

    String toJson() {
      ObjectNode node = JSON.createObjectNode();
      node.put("from", from);
      node.put("last", last);
      if (after != null) {
        node.put("after", after);
      }
      return node.toString();
    }

    static Position parse(String text) throws VendorException {
      try {
        JsonNode node = JSON.readTree(text);
        JsonNode after = node.get("after");
        return new Position(
            node.get("from").asText(),
            node.get("last").asText(),
            after == null || after.isNull() ? null : after.asText());
      } catch (IOException | RuntimeException e) {
        throw new VendorException(
            ErrorKind.PERMANENT,
            null,
            null,
            "unreadable CrowdStrike checkpoint position (expected {\"from\",\"last\",\"after\"});"
                + " delete this connector's checkpoint to start again");
      }
    }
  }
}
