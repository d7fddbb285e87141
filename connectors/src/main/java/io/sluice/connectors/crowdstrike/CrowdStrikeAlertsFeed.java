package io.sluice.connectors.crowdstrike;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connectors.core.Json;
import io.sluice.connectors.core.RawRecord;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.Authenticator;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.HttpResult;
import io.sluice.connectors.http.JsonEnvelope;
import io.sluice.connectors.http.JsonRecords;
import io.sluice.connectors.http.JsonRecords.JsonRecord;
import io.sluice.connectors.http.Origins;
import io.sluice.connectors.window.Window;
import io.sluice.connectors.window.WindowedFeed;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * CrowdStrike Falcon alerts ({@code POST /alerts/combined/alerts/v1}) as a {@link WindowedFeed}:
 * each window is sorted {@code updated_timestamp|asc} with the filter {@code
 * updated_timestamp:>='<from>'} (RFC 3339 with Falcon's nanoseconds), paged with the {@code after}
 * token of {@code meta.pagination} while it is present and the page has resources.
 *
 * <p>A record's identity is {@code composite_id} plus {@code updated_timestamp}: an alert Falcon
 * updates comes back with a newer {@code updated_timestamp}, a new version under the same key that
 * is published (downstream keeps it, its bytes differ), while the same version served again by the
 * overlap is skipped. Falcon reports some failures inside an HTTP 200 ({@code errors[]}); they are
 * checked before anything on the page is used.
 */
public final class CrowdStrikeAlertsFeed extends WindowedFeed {
  public static final String SOURCE = "crowdstrike.alerts";
  public static final String TOPIC = "raw.crowdstrike.alerts";
  static final String PATH = "/alerts/combined/alerts/v1";

  private static final Set<String> FIELDS = Set.of("composite_id", "updated_timestamp");

  private final URI endpoint;
  private final int limit;
  private final HttpPageClient http;
  private final Authenticator auth;
  private final Clock clock;

  public CrowdStrikeAlertsFeed(
      URI baseUrl,
      Instant since,
      Window.Settings window,
      int limit,
      HttpPageClient http,
      Authenticator auth,
      Clock clock) {
    super(window, since, clock, http.metrics());
    this.endpoint = Origins.resolve(baseUrl, PATH);
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

  /** The query asks for {@code updated_timestamp|asc}: oldest first. */
  @Override
  protected Window.Order order() {
    return Window.Order.ASCENDING;
  }

  @Override
  protected Window.Page query(Window window) throws VendorException, InterruptedException {
    byte[] request = requestBody(window);
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
    List<Window.Item> items = new ArrayList<>(records.size());
    for (JsonRecord record : records) {
      String id = record.fields().get("composite_id");
      String updated = record.fields().get("updated_timestamp");
      RawRecord raw = new RawRecord(id, record.bytes(), record.instant("updated_timestamp"));
      String identity =
          id == null ? new String(record.bytes(), StandardCharsets.UTF_8) : id + "@" + updated;
      items.add(new Window.Item(raw, identity));
    }
    Optional<String> after =
        Json.nonBlank(envelope.path("meta").path("pagination"), "after")
            .filter(a -> !records.isEmpty());
    return new Window.Page(items, after.orElse(null));
  }

  private byte[] requestBody(Window window) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("limit", limit);
    body.put("sort", "updated_timestamp|asc");
    body.put("filter", "updated_timestamp:>='" + window.from() + "'");
    if (window.cursor() != null) {
      body.put("after", window.cursor());
    }
    return Json.write(body).getBytes(StandardCharsets.UTF_8);
  }
}
