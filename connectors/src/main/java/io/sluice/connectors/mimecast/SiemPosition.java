package io.sluice.connectors.mimecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checkpoint of the SIEM batch feed: the backfill start date and, per log type, the listing
 * page to ask for ({@code page}, the {@code @nextPage} of the listing before it; absent for the
 * first listing) and how many of its files are already published ({@code file}). JSON: {@code
 * {"start":"2024-05-01","cursors":{"receipt":{"page":"…","file":2}}}}.
 */
record SiemPosition(LocalDate start, Map<String, Cursor> cursors) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where one log type is. */
  record Cursor(String page, int file) {
    static final Cursor FIRST = new Cursor(null, 0);
  }

  SiemPosition {
    cursors = Map.copyOf(new TreeMap<>(cursors));
  }

  Cursor cursor(String type) {
    return cursors.getOrDefault(type, Cursor.FIRST);
  }

  SiemPosition with(String type, Cursor cursor) {
    Map<String, Cursor> copy = new TreeMap<>(cursors);
    copy.put(type, cursor);
    return new SiemPosition(start, copy);
  }

  String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("start", start.toString());
    ObjectNode all = node.putObject("cursors");
    new TreeMap<>(cursors)
        .forEach(
            (type, cursor) -> {
              ObjectNode c = all.putObject(type);
              if (cursor.page() != null) {
                c.put("page", cursor.page());
              }
              c.put("file", cursor.file());
            });
    return node.toString();
  }

  static SiemPosition fromJson(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      Map<String, Cursor> cursors = new TreeMap<>();
      node.path("cursors")
          .fields()
          .forEachRemaining(
              e ->
                  cursors.put(
                      e.getKey(),
                      new Cursor(
                          e.getValue().hasNonNull("page")
                              ? e.getValue().get("page").asText()
                              : null,
                          e.getValue().path("file").asInt(0))));
      return new SiemPosition(LocalDate.parse(node.get("start").asText()), cursors);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a Mimecast SIEM checkpoint: " + json, e);
    }
  }
}
