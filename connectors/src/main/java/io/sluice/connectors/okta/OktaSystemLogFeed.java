package io.sluice.connectors.okta;

import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.Feed;
import io.sluice.connectors.core.Page;
import io.sluice.connectors.core.RawRecord;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.Authenticator;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.HttpResult;
import io.sluice.connectors.http.JsonRecords;
import io.sluice.connectors.http.JsonRecords.JsonRecord;
import io.sluice.connectors.http.LinkHeader;
import io.sluice.connectors.http.Origins;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Okta System Log ({@code GET /api/v1/logs}) as Okta asks polling clients to read it: one request
 * with {@code since} (and no {@code until}, so it is a polling request), then always the {@code
 * Link: <...>; rel="next"} URL of the previous response, which is also the checkpoint.
 *
 * <p>A polling request has "an infinite number of pages": the next link is always present, even
 * when there are no new events. So an empty page is not the end but "caught up": the loop waits one
 * poll interval and asks the same next link again. A response without a next link breaks that
 * contract and is retried (the checkpoint stays). Okta may return events out of {@code published}
 * order and may repeat them; dedup on {@code uuid} happens downstream.
 */
public final class OktaSystemLogFeed implements Feed {
  public static final String SOURCE = "okta.system-log";
  public static final String TOPIC = "raw.okta.system-log";
  static final String PATH = "/api/v1/logs";

  private static final Set<String> FIELDS = Set.of("uuid", "published");

  private final URI baseUrl;
  private final Instant since;
  private final int limit;
  private final HttpPageClient http;
  private final Authenticator auth;
  private final Clock clock;

  public OktaSystemLogFeed(
      URI baseUrl, Instant since, int limit, HttpPageClient http, Authenticator auth, Clock clock) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
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
    // sortOrder defaults to ASCENDING; without `until` this is a polling request.
    return Origins.of(baseUrl)
        + PATH
        + "?since="
        + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8)
        + "&limit="
        + limit;
  }

  @Override
  public Page fetch(String position) throws VendorException, InterruptedException {
    URI uri = URI.create(position);
    Origins.requireSame(uri, baseUrl, "position", "the org moved");
    HttpResult result =
        http.send(
            () -> HttpRequest.newBuilder(uri).GET().header("Accept", "application/json"), auth);
    if (result.status() != 200) {
      throw OktaErrors.classify(result, clock.instant());
    }
    List<JsonRecord> records;
    try {
      records = JsonRecords.split(result.body(), List.of(), FIELDS);
    } catch (JsonRecords.MalformedPageException e) {
      throw result.malformedPage(e);
    }
    Optional<URI> next = LinkHeader.next(result.headers());
    if (next.isEmpty()) {
      throw new VendorException(
          ErrorKind.UNKNOWN,
          "200",
          null,
          result.where()
              + ": no Link rel=\"next\" header, which Okta documents as always present on a polling"
              + " request");
    }
    List<RawRecord> raw = new ArrayList<>(records.size());
    for (JsonRecord record : records) {
      raw.add(
          new RawRecord(record.fields().get("uuid"), record.bytes(), record.instant("published")));
    }
    return new Page(raw, next.get().toString(), raw.isEmpty());
  }
}
