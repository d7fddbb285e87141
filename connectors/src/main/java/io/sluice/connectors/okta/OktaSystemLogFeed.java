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
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
    return origin(baseUrl)
        + PATH
        + "?since="
        + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8)
        + "&limit="
        + limit;
  }

  @Override
  public Page fetch(String position) throws VendorException, InterruptedException {
    URI uri = URI.create(position);
    if (!origin(uri).equals(origin(baseUrl))) {
      // The API token is only ever sent to the configured org: a checkpoint or next link that
      // points elsewhere (an org moved, a tampered checkpoint) stops the connector instead.
      throw new VendorException(
          ErrorKind.PERMANENT,
          null,
          null,
          "the position to fetch is on "
              + origin(uri)
              + ", not on base.url "
              + origin(baseUrl)
              + "; if the org moved, delete this connector's checkpoint to start again");
    }
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
      throw new VendorException(
          ErrorKind.RETRYABLE, "200", null, result.where() + ": malformed page, " + e.getMessage());
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
          new RawRecord(
              record.fields().get("uuid"),
              record.bytes(),
              published(record.fields().get("published"))));
    }
    return new Page(raw, next.get().toString(), raw.isEmpty());
  }

  private static Instant published(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String origin(URI uri) {
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return uri.getScheme() + "://" + uri.getHost() + port;
  }
}
