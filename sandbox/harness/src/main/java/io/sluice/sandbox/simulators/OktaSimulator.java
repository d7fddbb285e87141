package io.sluice.sandbox.simulators;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Okta System Log ({@code GET /api/v1/logs}) as its documentation describes polling requests:
 *
 * <ul>
 *   <li>{@code Authorization: SSWS <token>}; anything else → 401 with Okta's error body ({@code
 *       E0000011 Invalid token provided})
 *   <li>{@code since} (ISO instant, on the event's {@code published}) or the opaque {@code after}
 *       cursor from a previous {@code next} link, never both (400); {@code limit} 1..1000
 *   <li>the body is a JSON array of events, exactly the strings the scenario gave
 *   <li>{@code Link: <...>; rel="self"} and {@code Link: <...>; rel="next"} on every page: the next
 *       link is always present, also on an empty page ("caught up"), and points to the same cursor
 *       until new events arrive ({@link #append})
 *   <li>{@code X-Rate-Limit-Limit/-Remaining/-Reset} (reset in epoch seconds) on every response;
 *       the 429 fault answers {@code E0000047} with a reset one second ahead
 * </ul>
 */
public final class OktaSimulator extends VendorSimulator {
  static final String PATH = "/api/v1/logs";
  private static final int LIMIT_PER_MINUTE = 600;
  private static final Pattern PUBLISHED = Pattern.compile("\"published\"\\s*:\\s*\"([^\"]+)\"");

  private final String apiToken;
  private final Clock clock;
  private final List<String> events = new CopyOnWriteArrayList<>();

  private OktaSimulator(String apiToken, List<String> events, Clock clock) {
    super("okta");
    this.apiToken = apiToken;
    this.clock = clock;
    this.events.addAll(events);
  }

  /** Starts a simulator that accepts {@code apiToken} and serves {@code events} in this order. */
  public static OktaSimulator start(String apiToken, List<String> events) {
    OktaSimulator simulator = new OktaSimulator(apiToken, events, Clock.systemUTC());
    simulator.startServer();
    return simulator;
  }

  /** New events arrive (live traffic): the next poll of the last cursor returns them. */
  public void append(List<String> more) {
    events.addAll(more);
  }

  /** Every event served so far, in order. */
  public List<String> events() {
    return List.copyOf(events);
  }

  @Override
  protected SimResponse handle(SimRequest request) {
    if (!request.method().equals("GET") || !request.path().equals(PATH)) {
      return error(404, "E0000007", "Not found: Resource not found: " + request.path() + " (GET)");
    }
    if (!request.header("Authorization").orElse("").equals("SSWS " + apiToken)) {
      return error(401, "E0000011", "Invalid token provided");
    }
    var query = request.query();
    if (query.containsKey("since") && query.containsKey("after")) {
      return error(
          400, "E0000001", "Api validation failed: since and after are mutually exclusive");
    }
    int limit;
    try {
      limit = Integer.parseInt(query.getOrDefault("limit", "100"));
    } catch (NumberFormatException e) {
      return error(400, "E0000001", "Api validation failed: limit");
    }
    if (limit < 1 || limit > 1000) {
      return error(400, "E0000001", "Api validation failed: limit");
    }
    int start;
    if (query.containsKey("after")) {
      start = decodeCursor(query.get("after"));
      if (start < 0) {
        return error(400, "E0000001", "Api validation failed: after");
      }
    } else if (query.containsKey("since")) {
      try {
        start = firstPublishedAtOrAfter(Instant.parse(query.get("since")));
      } catch (DateTimeParseException e) {
        return error(400, "E0000001", "Api validation failed: since");
      }
    } else {
      start = 0;
    }
    List<String> snapshot = new ArrayList<>(events);
    int from = Math.min(start, snapshot.size());
    int to = Math.min(from + limit, snapshot.size());
    String body = "[" + String.join(",", snapshot.subList(from, to)) + "]";
    String self = baseUrl() + request.uri().toString();
    String next = baseUrl() + PATH + "?limit=" + limit + "&after=" + encodeCursor(to);
    return withRateLimitHeaders(SimResponse.json(200, body), LIMIT_PER_MINUTE - 1)
        .with("Link", "<" + self + ">; rel=\"self\"")
        .with("Link", "<" + next + ">; rel=\"next\"");
  }

  @Override
  protected SimResponse rateLimited(SimRequest request) {
    return error(429, "E0000047", "API call exceeded rate limit due to too many requests.")
        .with("X-Rate-Limit-Limit", Integer.toString(LIMIT_PER_MINUTE))
        .with("X-Rate-Limit-Remaining", "0")
        .with("X-Rate-Limit-Reset", Long.toString(clock.instant().getEpochSecond() + 1));
  }

  @Override
  protected SimResponse serverError(SimRequest request) {
    return error(500, "E0000009", "Internal Server Error");
  }

  private SimResponse withRateLimitHeaders(SimResponse response, int remaining) {
    long nextMinute = (clock.instant().getEpochSecond() / 60 + 1) * 60;
    return response
        .with("X-Rate-Limit-Limit", Integer.toString(LIMIT_PER_MINUTE))
        .with("X-Rate-Limit-Remaining", Integer.toString(remaining))
        .with("X-Rate-Limit-Reset", Long.toString(nextMinute));
  }

  private static SimResponse error(int status, String code, String summary) {
    String body =
        "{\"errorCode\":\""
            + code
            + "\",\"errorSummary\":\""
            + summary.replace("\"", "\\\"")
            + "\",\"errorLink\":\""
            + code
            + "\",\"errorId\":\"oae"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 19)
            + "\",\"errorCauses\":[]}";
    return SimResponse.json(status, body);
  }

  private int firstPublishedAtOrAfter(Instant since) {
    for (int i = 0; i < events.size(); i++) {
      Matcher m = PUBLISHED.matcher(events.get(i));
      if (m.find() && !Instant.parse(m.group(1)).isBefore(since)) {
        return i;
      }
    }
    return events.size();
  }

  // Okta's cursor is opaque; this one is the index, base64url-encoded so clients cannot rely on it.
  static String encodeCursor(int index) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("sim:" + index).getBytes(StandardCharsets.UTF_8));
  }

  static int decodeCursor(String cursor) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      return text.startsWith("sim:") ? Integer.parseInt(text.substring(4)) : -1;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }
}
