package io.sluice.connectors.mimecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The checkpoint of a Mimecast log feed, as JSON an operator can read.
 *
 * <p>Between windows: {@code {"from":"2024-11-14T19:44:02+0000","seen":[keys]}}: the next query
 * starts at {@code from}, the newest event time published so far, <em>inclusive</em>, because
 * Mimecast's time strings have whole seconds and a later record of that same second must not be
 * lost; {@code seen} are the keys already published with exactly that time, skipped when the vendor
 * returns them again. (If the vendor treats {@code from} as exclusive, {@code seen} simply never
 * matches.)
 *
 * <p>While paging one window: also {@code to} (fixed for the window), {@code token} (the {@code
 * pageToken} of the next page) and {@code max}/{@code maxKeys}, the newest time and its keys so far
 * in this window, which become {@code from}/{@code seen} when the window ends.
 */
record LogsPosition(
    Instant from, List<String> seen, Instant to, String token, Instant max, List<String> maxKeys) {
  private static final ObjectMapper JSON = new ObjectMapper();

  LogsPosition {
    seen = sorted(seen);
    maxKeys = maxKeys == null ? null : sorted(maxKeys);
  }

  static LogsPosition between(Instant from, Collection<String> seen) {
    return new LogsPosition(from, new ArrayList<>(seen), null, null, null, null);
  }

  boolean paging() {
    return token != null;
  }

  String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("from", MimecastTime.format(from));
    seen.forEach(node.putArray("seen")::add);
    if (paging()) {
      node.put("to", MimecastTime.format(to));
      node.put("token", token);
      node.put("max", MimecastTime.format(max));
      maxKeys.forEach(node.putArray("maxKeys")::add);
    }
    return node.toString();
  }

  static LogsPosition fromJson(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      Instant from = time(node, "from");
      List<String> seen = strings(node.get("seen"));
      if (!node.hasNonNull("token")) {
        return new LogsPosition(from, seen, null, null, null, null);
      }
      return new LogsPosition(
          from,
          seen,
          time(node, "to"),
          node.get("token").asText(),
          time(node, "max"),
          strings(node.get("maxKeys")));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a Mimecast log checkpoint: " + json, e);
    }
  }

  private static Instant time(JsonNode node, String field) {
    Instant value = MimecastTime.parse(node.path(field).asText(null));
    if (value == null) {
      throw new IllegalArgumentException("'" + field + "' is missing or unreadable");
    }
    return value;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  private static List<String> sorted(Collection<String> keys) {
    return List.copyOf(new TreeSet<>(keys == null ? List.of() : keys));
  }
}
