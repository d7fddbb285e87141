package io.sluice.connectors.mimecast;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.connectors.core.Json;
import io.sluice.connectors.http.JsonRecords;
import io.sluice.connectors.http.JsonRecords.JsonRecord;
import io.sluice.connectors.http.JsonRecords.MalformedPageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Mimecast's common response envelope, {@code {"meta":{"status":200,"pagination":{"next":...}},
 * "data":[...],"fail":[...]}}, read in one streaming pass. Records are the exact byte ranges of
 * their JSON objects (as {@link io.sluice.connectors.http.JsonRecords} does), found either under
 * {@code data[].<logs>[]} (TTP and DLP) or directly in {@code data[]} (audit).
 *
 * @param metaStatus {@code meta.status}, null when absent
 * @param next {@code meta.pagination.next}, null when absent or blank
 * @param failures every error in {@code fail[]}, in both shapes (see {@link #failures(JsonNode)})
 */
record MimecastEnvelope(
    Integer metaStatus, String next, List<JsonRecord> records, List<Failure> failures) {

  /**
   * One error from {@code fail[]}.
   *
   * @param retryable the documented {@code retryable} flag, null when the shape has none (API 2.0
   *     flat items)
   */
  record Failure(String code, String message, Boolean retryable) {
    @Override
    public String toString() {
      return (code == null ? "no code" : code)
          + (message == null ? "" : ": " + message)
          + (retryable == null ? "" : " (retryable=" + retryable + ")");
    }
  }

  /**
   * @param logsField the array inside each {@code data[]} element holding the records, or null when
   *     the records are the {@code data[]} elements themselves
   * @param fields top-level scalar fields of each record to read as text (id, time)
   */
  static MimecastEnvelope parse(byte[] body, String logsField, Set<String> fields)
      throws MalformedPageException {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new MalformedPageException("expected the Mimecast envelope object");
      }
      Integer status = null;
      String next = null;
      List<JsonRecord> records = new ArrayList<>();
      List<Failure> failures = new ArrayList<>();
      for (JsonToken token = parser.nextToken();
          token != JsonToken.END_OBJECT;
          token = parser.nextToken()) {
        if (token == null) {
          throw new MalformedPageException("the page ends inside the envelope");
        }
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("meta".equals(name) && value == JsonToken.START_OBJECT) {
          JsonNode meta = parser.readValueAsTree();
          JsonNode s = meta.get("status");
          status = s != null && s.canConvertToInt() ? s.asInt() : null;
          JsonNode n = meta.path("pagination").get("next");
          next = n != null && n.isTextual() && !n.asText().isBlank() ? n.asText() : null;
        } else if ("fail".equals(name) && value == JsonToken.START_ARRAY) {
          failures.addAll(failures(parser.readValueAsTree()));
        } else if ("data".equals(name) && value == JsonToken.START_ARRAY) {
          readData(parser, body, logsField, fields, records);
        } else {
          parser.skipChildren();
        }
      }
      return new MimecastEnvelope(status, next, records, failures);
    } catch (JsonParseException e) {
      throw new MalformedPageException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedPageException("unreadable JSON: " + e.getClass().getSimpleName());
    }
  }

  /**
   * The errors of a {@code fail[]} array in both documented shapes: API 1.0 nests them, {@code
   * {"key":{...},"errors":[{"code","message","retryable"}]}}; API 2.0 (as Azure Sentinel reads it)
   * is flat, {@code {"code","message"}}.
   */
  static List<Failure> failures(JsonNode fail) {
    List<Failure> out = new ArrayList<>();
    if (fail == null || !fail.isArray()) {
      return out;
    }
    for (JsonNode item : fail) {
      JsonNode errors = item.get("errors");
      if (errors != null && errors.isArray() && !errors.isEmpty()) {
        errors.forEach(error -> out.add(failure(error)));
      } else {
        out.add(failure(item));
      }
    }
    return out;
  }

  private static Failure failure(JsonNode node) {
    JsonNode retryable = node.get("retryable");
    return new Failure(
        Json.text(node, "code"),
        Json.text(node, "message"),
        retryable != null && retryable.isBoolean() ? retryable.asBoolean() : null);
  }

  private static void readData(
      JsonParser parser, byte[] body, String logsField, Set<String> fields, List<JsonRecord> out)
      throws IOException, MalformedPageException {
    for (JsonToken element = parser.nextToken();
        element != JsonToken.END_ARRAY;
        element = parser.nextToken()) {
      if (element != JsonToken.START_OBJECT) {
        throw new MalformedPageException("expected objects in data[], got " + element);
      }
      if (logsField == null) {
        out.add(JsonRecords.record(parser, body, fields));
        continue;
      }
      for (JsonToken token = parser.nextToken();
          token != JsonToken.END_OBJECT;
          token = parser.nextToken()) {
        if (token == null) {
          throw new MalformedPageException("the page ends inside data[]");
        }
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (logsField.equals(name) && value == JsonToken.START_ARRAY) {
          for (JsonToken log = parser.nextToken();
              log != JsonToken.END_ARRAY;
              log = parser.nextToken()) {
            if (log != JsonToken.START_OBJECT) {
              throw new MalformedPageException("expected objects in " + logsField + "[]");
            }
            out.add(JsonRecords.record(parser, body, fields));
          }
        } else {
          parser.skipChildren();
        }
      }
    }
  }
}
