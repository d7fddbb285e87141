package io.sluice.connectors.mimecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connectors.core.Json;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The checkpoint of the SIEM batch feed: the backfill start date and, per log type, the listing
 * page to ask for ({@code page}, the {@code @nextPage} of the listing before it; absent for the
 * first listing) and which of its files are already published ({@code done}), each named by its
 * stable identity — the URL's path, the storage object's key, without the pre-signed query — so
 * that a file dropped from the front of a listing by retention shifts nothing. JSON: {@code
 * {"start":"2024-05-01","cursors":{"receipt":{"page":"…","done":["/…/b1.ndjson.gz"]}}}}.
 */
record SiemPosition(LocalDate start, Map<String, Cursor> cursors) {

  /** Where one log type is. */
  record Cursor(String page, Set<String> done) {
    static final Cursor FIRST = new Cursor(null, Set.of());

    Cursor {
      done = Set.copyOf(done);
    }

    Cursor plus(String file) {
      Set<String> more = new TreeSet<>(done);
      more.add(file);
      return new Cursor(page, more);
    }
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
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("start", start.toString());
    ObjectNode all = node.putObject("cursors");
    new TreeMap<>(cursors)
        .forEach(
            (type, cursor) -> {
              ObjectNode c = all.putObject(type);
              if (cursor.page() != null) {
                c.put("page", cursor.page());
              }
              new TreeSet<>(cursor.done()).forEach(c.putArray("done")::add);
            });
    return Json.write(node);
  }

  static SiemPosition fromJson(String json) {
    ObjectNode node = Json.object(json, "the SIEM position");
    Map<String, Cursor> cursors = new TreeMap<>();
    node.path("cursors")
        .fields()
        .forEachRemaining(e -> cursors.put(e.getKey(), cursor(e.getValue())));
    return new SiemPosition(LocalDate.parse(Json.text(node, "start")), cursors);
  }

  private static Cursor cursor(JsonNode node) {
    if (node.has("file")) {
      throw new IllegalArgumentException("a file index (written before files had an identity)");
    }
    Set<String> done = new TreeSet<>();
    node.path("done").forEach(f -> done.add(f.asText()));
    return new Cursor(Json.text(node, "page"), done);
  }
}
