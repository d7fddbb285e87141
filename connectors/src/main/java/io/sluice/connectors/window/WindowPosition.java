package io.sluice.connectors.window;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connectors.core.Json;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checkpoint position of a time-windowed feed, JSON an operator can read:
 *
 * <pre>{@code
 * {"from":"2024-11-14T19:29:02Z",   lower bound of the next (or current) query, inclusive
 *  "max":"2024-11-14T19:44:02Z",    newest event time published so far
 *  "seen":{"2024-11-14T19:44:00Z":["q1w2e3r4t5y6"]},   what may be served again (SeenKeys)
 *  -- only while a window is being paged: --
 *  "to":"2024-11-14T19:45:00Z",     the window's upper bound (our clock when it started)
 *  "origin":"…",                    the window's first lower bound, when an expired cursor
 *                                   narrowed the query (from/to are then the narrowed query)
 *  "prior":"2024-11-14T19:40:10Z",  max when the window started
 *  "cursor":"…",                    the vendor's token for the next page (absent: first page)
 *  "page":["…"],                    hashes of the last page (page-boundary repeats)
 *  "lo":"…","hi":"…",               oldest and newest time served in this window so far
 *  "restarts":1}                    expired cursors in a row without progress
 * }</pre>
 */
final class WindowPosition {
  final Instant from;
  final Instant origin;
  final Instant max;
  final SeenKeys seen;
  final Instant to;
  final Instant prior;
  final String cursor;
  final Set<String> page;
  final Instant lo;
  final Instant hi;
  final int restarts;

  private WindowPosition(
      Instant from,
      Instant origin,
      Instant max,
      SeenKeys seen,
      Instant to,
      Instant prior,
      String cursor,
      Set<String> page,
      Instant lo,
      Instant hi,
      int restarts) {
    this.from = Objects.requireNonNull(from, "from");
    this.origin = origin == null ? from : origin;
    this.max = Objects.requireNonNull(max, "max");
    this.seen = seen;
    this.to = to;
    this.prior = prior;
    this.cursor = cursor;
    this.page = page;
    this.lo = lo;
    this.hi = hi;
    this.restarts = restarts;
  }

  /** Before anything is published: the first query starts at {@code since}. */
  static WindowPosition start(Instant since) {
    return new WindowPosition(
        since, since, since, new SeenKeys(), null, null, null, Set.of(), null, null, 0);
  }

  /** Between windows: the next query starts at {@code from}. */
  static WindowPosition between(Instant from, Instant max, SeenKeys seen) {
    return new WindowPosition(from, from, max, seen, null, null, null, Set.of(), null, null, 0);
  }

  /**
   * Inside the window that started at {@code origin}, querying {@code [from, to]} (narrower than
   * the window after an expired cursor), with {@code cursor} (null: its first page) next.
   */
  static WindowPosition inside(
      Instant origin,
      Instant from,
      Instant to,
      Instant prior,
      Instant max,
      SeenKeys seen,
      String cursor,
      Set<String> page,
      Instant lo,
      Instant hi,
      int restarts) {
    return new WindowPosition(
        from,
        origin,
        max,
        seen,
        Objects.requireNonNull(to, "to"),
        prior,
        cursor,
        page,
        lo,
        hi,
        restarts);
  }

  boolean inWindow() {
    return to != null;
  }

  String toJson() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("from", from.toString());
    node.put("max", max.toString());
    seen.writeTo(node.putObject("seen"));
    if (inWindow()) {
      node.put("to", to.toString());
      if (!origin.equals(from)) {
        node.put("origin", origin.toString());
      }
      node.put("prior", prior.toString());
      if (cursor != null) {
        node.put("cursor", cursor);
      }
      if (!page.isEmpty()) {
        new TreeSet<>(page).forEach(node.putArray("page")::add);
      }
      if (lo != null) {
        node.put("lo", lo.toString());
        node.put("hi", hi.toString());
      }
      if (restarts > 0) {
        node.put("restarts", restarts);
      }
    }
    return Json.write(node);
  }

  static WindowPosition fromJson(String json) {
    ObjectNode node = Json.object(json, "the position");
    Instant from = time(node, "from");
    Instant max = time(node, "max");
    SeenKeys seen = SeenKeys.read(node.get("seen"));
    if (!node.hasNonNull("to")) {
      return between(from, max, seen);
    }
    Set<String> page = new TreeSet<>();
    node.path("page").forEach(h -> page.add(h.asText()));
    return inside(
        node.hasNonNull("origin") ? time(node, "origin") : from,
        from,
        time(node, "to"),
        time(node, "prior"),
        max,
        seen,
        Json.text(node, "cursor"),
        page,
        node.hasNonNull("lo") ? time(node, "lo") : null,
        node.hasNonNull("hi") ? time(node, "hi") : null,
        node.path("restarts").asInt(0));
  }

  private static Instant time(JsonNode node, String field) {
    String value = Json.text(node, field);
    if (value == null) {
      throw new IllegalArgumentException("'" + field + "' is missing");
    }
    return Instant.parse(value);
  }
}
