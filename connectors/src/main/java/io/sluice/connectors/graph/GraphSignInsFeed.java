package io.sluice.connectors.graph;

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
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Microsoft Graph sign-in logs ({@code GET /v1.0/auditLogs/signIns}) as a {@link WindowedFeed}:
 * each window is the query {@code $filter=createdDateTime ge <from> and createdDateTime le <to>},
 * paged by following {@code
 * @odata.nextLink} verbatim until it is absent.
 *
 * <p>Graph returns a query newest first, so the newest sign-in is on the first page; the window
 * keeps the newest time seen and, once its last page is published, the next one starts {@code
 * entra.overlap} before it, so that sign-ins Graph indexes late are still found, and the ones
 * already published are skipped by {@code id}. A restart mid-query resumes at the committed next
 * link; a next link Graph no longer accepts (an expired {@code $skiptoken}) restarts the query.
 */
public final class GraphSignInsFeed extends WindowedFeed {
  public static final String SOURCE = "entra.signins";
  public static final String TOPIC = "raw.entra.signins";
  static final String PATH = "/v1.0/auditLogs/signIns";

  private static final Set<String> FIELDS = Set.of("id", "createdDateTime");

  /** Graph's own precision (100 ns, seven digits), in UTC, as its filter examples write it. */
  private static final DateTimeFormatter FILTER_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final URI baseUrl;
  private final int top;
  private final HttpPageClient http;
  private final Authenticator auth;
  private final Clock clock;

  public GraphSignInsFeed(
      URI baseUrl,
      Instant since,
      int top,
      Window.Settings window,
      HttpPageClient http,
      Authenticator auth,
      Clock clock) {
    super(window, since, clock, http.metrics());
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.top = top;
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

  /** Graph's default order of sign-ins, documented: newest first. */
  @Override
  protected Window.Order order() {
    return Window.Order.DESCENDING;
  }

  @Override
  protected Window.Page query(Window window) throws VendorException, InterruptedException {
    URI uri;
    if (window.cursor() != null) {
      uri = URI.create(window.cursor());
      Origins.requireSame(uri, baseUrl, "next link", "base.url changed");
    } else {
      uri = queryUri(window.from(), window.to());
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
    List<Window.Item> items = new ArrayList<>(records.size());
    for (JsonRecord record : records) {
      String id = record.fields().get("id");
      RawRecord raw = new RawRecord(id, record.bytes(), record.instant("createdDateTime"));
      items.add(
          new Window.Item(
              raw, id == null ? new String(record.bytes(), StandardCharsets.UTF_8) : id));
    }
    Optional<String> next =
        Json.nonBlank(envelope, "@odata.nextLink")
            // a next link to the very same page with nothing on it would loop for ever
            .filter(link -> !(records.isEmpty() && link.equals(uri.toString())));
    return new Window.Page(items, next.orElse(null));
  }

  private URI queryUri(Instant from, Instant to) {
    String filter =
        "createdDateTime ge "
            + FILTER_TIME.format(from)
            + " and createdDateTime le "
            + FILTER_TIME.format(to);
    return Origins.resolve(
        baseUrl,
        PATH
            + "?$filter="
            + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20")
            + "&$top="
            + top);
  }
}
