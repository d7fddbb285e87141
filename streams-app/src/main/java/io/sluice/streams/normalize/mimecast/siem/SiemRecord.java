package io.sluice.streams.normalize.mimecast.siem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.normalize.Json;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A SIEM record read field by field under several possible names (API 1.0 writes {@code Rcpt}, 2.0
 * {@code recipients}), remembering every name it was asked for so that the rest of the record lands
 * in {@code metadata.unmapped}.
 */
final class SiemRecord {
  /** A value and the field it was read from (the unmapped key when a table does not know it). */
  record Named(String field, String value) {}

  private final ObjectNode json;
  private final Set<String> consumed = new HashSet<>();

  SiemRecord(ObjectNode json) {
    this.json = json;
  }

  ObjectNode json() {
    return json;
  }

  /**
   * The first of {@code fields} holding a scalar value, with its field name; value null if none.
   */
  Named named(String... fields) {
    String found = null;
    String value = null;
    for (String field : fields) {
      consumed.add(field);
      if (value == null) {
        value = Json.text(json, field);
        found = value == null ? null : field;
      }
    }
    return new Named(found == null ? fields[0] : found, value);
  }

  String text(String... fields) {
    return named(fields).value();
  }

  String cleanText(String... fields) {
    return io.sluice.streams.canonical.Text.clean(text(fields));
  }

  Boolean bool(String... fields) {
    Boolean value = null;
    for (String field : fields) {
      consumed.add(field);
      if (value == null) {
        value = Json.bool(json, field);
      }
    }
    return value;
  }

  /** The first of {@code fields} present with any non-null JSON value. */
  JsonNode node(String... fields) {
    JsonNode value = null;
    for (String field : fields) {
      consumed.add(field);
      if (value == null) {
        value = Json.at(json, field);
      }
    }
    return value;
  }

  /** Fields that were not read, as JSON text. Call after every read. */
  Map<String, String> unmapped() {
    return Json.unmappedExcept(json, consumed);
  }
}
