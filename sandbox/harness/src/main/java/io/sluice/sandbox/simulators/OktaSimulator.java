package io.sluice.sandbox.simulators;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Okta System Log ({@code GET /api/v1/logs}) as its documentation describes polling requests:
 *
 * <ul>
 *   <li>{@code Authorization: SSWS <token>}; anything else → 401 with Okta's error body ({@code
 *       E0000011 Invalid token provided})
 *   <li>{@code since} or the opaque {@code after} cursor from a previous {@code next} link, never
 *       both (400); {@code limit} 1..1000
 *   <li>"The returned events are time filtered by their internal persistence time to avoid skipping
 *       records due to system delays": an event is persisted when it becomes visible (its {@code
 *       published} plus a late delay, never before it was added), the cursor walks the events in
 *       persistence order, so it never skips one — and {@code published} order is not kept ("they
 *       may return events out of order")
 *   <li>{@code Link: <...>; rel="self"} and {@code rel="next"} on every page: the next link is
 *       always present, also on an empty page ("caught up")
 *   <li>{@code X-Rate-Limit-Limit/-Remaining/-Reset} (reset in epoch seconds of the vendor's clock)
 *       on every response; a quota of 120 requests per minute, then 429 {@code E0000047}
 * </ul>
 */
public final class OktaSimulator extends VendorSimulator {
  static final String PATH = "/api/v1/logs";
  private static final int LIMIT_PER_MINUTE = 120;
  private static final Pattern PUBLISHED = Pattern.compile("\"published\"\\s*:\\s*\"([^\"]+)\"");
  private static final Comparator<Event> PERSISTENCE =
      Comparator.comparing(Event::persisted).thenComparingLong(Event::seq);

  private final String apiToken;
  private final List<Event> added = new ArrayList<>();
  private final NavigableSet<Event> persisted = new TreeSet<>(PERSISTENCE);
  private final AtomicLong sequence = new AtomicLong();

  /** An event and when Okta persisted it (the order polling requests walk). */
  private record Event(String json, Instant persisted, long seq) {}

  private OktaSimulator(String apiToken, List<String> events, SimOptions options) {
    super("okta", options);
    this.apiToken = apiToken;
    quota(SimQuota.fixedWindow(LIMIT_PER_MINUTE, Duration.ofMinutes(1), true));
    append(events);
  }

  /** Starts a simulator that accepts {@code apiToken} and serves {@code events}, realistically. */
  public static OktaSimulator start(String apiToken, List<String> events) {
    return start(apiToken, events, SimOptions.realistic());
  }

  public static OktaSimulator start(String apiToken, List<String> events, SimOptions options) {
    OktaSimulator simulator = new OktaSimulator(apiToken, events, options);
    simulator.startServer();
    return simulator;
  }

  /** The org's quota for the System Log: {@code perMinute} requests a minute. */
  public OktaSimulator quota(int perMinute) {
    quota(SimQuota.fixedWindow(perMinute, Duration.ofMinutes(1), true));
    return this;
  }

  /** New events arrive (live traffic): the next poll of the last cursor returns them. */
  public synchronized void append(List<String> more) {
    Instant now = clock().instant();
    for (String json : more) {
      Instant visible = visibleAt(json, published(json));
      Event event =
          new Event(json, visible.isAfter(now) ? visible : now, sequence.incrementAndGet());
      added.add(event);
      persisted.add(event);
    }
  }

  /** Every event added so far, in the order added. */
  public synchronized List<String> events() {
    return added.stream().map(Event::json).toList();
  }

  @Override
  protected String client(SimRequest request) {
    return "org";
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
    Event after;
    if (query.containsKey("after")) {
      after = decodeCursor(query.get("after"));
      if (after == null) {
        return error(400, "E0000001", "Api validation failed: after");
      }
    } else {
      try {
        Instant since = Instant.parse(query.getOrDefault("since", Instant.EPOCH.toString()));
        after = new Event("", since.minusNanos(1), Long.MAX_VALUE);
      } catch (DateTimeParseException e) {
        return error(400, "E0000001", "Api validation failed: since");
      }
    }
    List<Event> page = page(after, limit);
    Event last = page.isEmpty() ? after : page.get(page.size() - 1);
    String body = "[" + String.join(",", page.stream().map(Event::json).toList()) + "]";
    String self = baseUrl() + request.uri().toString();
    String next = baseUrl() + PATH + "?limit=" + limit + "&after=" + encodeCursor(last);
    return SimResponse.json(200, body)
        .with("Link", "<" + self + ">; rel=\"self\"")
        .with("Link", "<" + next + ">; rel=\"next\"");
  }

  private synchronized List<Event> page(Event after, int limit) {
    Instant now = clock().instant();
    return persisted.tailSet(after, false).stream()
        .takeWhile(e -> !e.persisted().isAfter(now))
        .limit(limit)
        .toList();
  }

  @Override
  protected SimResponse withQuota(SimResponse response, SimQuota.Decision decision) {
    return response
        .with("X-Rate-Limit-Limit", Integer.toString(decision.limit()))
        .with("X-Rate-Limit-Remaining", Integer.toString(decision.remaining()))
        .with("X-Rate-Limit-Reset", Long.toString(epochSecondsCeil(decision.reset())));
  }

  @Override
  protected SimResponse rateLimited(SimRequest request, SimQuota.Decision decision) {
    int limit = decision.limit() > 0 ? decision.limit() : LIMIT_PER_MINUTE;
    return error(429, "E0000047", "API call exceeded rate limit due to too many requests.")
        .with("X-Rate-Limit-Limit", Integer.toString(limit))
        .with("X-Rate-Limit-Remaining", "0")
        .with("X-Rate-Limit-Reset", Long.toString(epochSecondsCeil(decision.reset())));
  }

  @Override
  protected Duration injectedRateLimitWait() {
    return Duration.ofSeconds(1);
  }

  @Override
  protected SimResponse serverError(SimRequest request) {
    return error(500, "E0000009", "Internal Server Error");
  }

  static long epochSecondsCeil(Instant at) {
    return at.getEpochSecond() + (at.getNano() > 0 ? 1 : 0);
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

  private static Instant published(String json) {
    Matcher m = PUBLISHED.matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("Okta event without published: " + json);
    }
    return Instant.parse(m.group(1));
  }

  // Okta's cursor is opaque; this one names the last event served, in persistence order. It does
  // not expire: the documentation gives it no lifetime, and a polling client keeps its next link.
  private static String encodeCursor(Event last) {
    return SimCursors.encode(
        "okta", Instant.EPOCH, last.persisted().toString(), Long.toString(last.seq()));
  }

  private static Event decodeCursor(String cursor) {
    String[] parts = SimCursors.decode("okta", cursor, 2);
    try {
      return parts == null
          ? null
          : new Event("", Instant.parse(parts[1]), Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
