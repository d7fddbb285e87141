package io.sluice.connectors.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a page into its records without re-serialising anything: each record is the exact byte
 * range of its JSON object in the response body (found with Jackson's streaming parser and its byte
 * offsets), so the raw topic holds what the vendor sent, byte for byte, including its field order,
 * whitespace and escapes. Only the few top-level fields asked for (event id, event time) are read
 * as values on the way.
 */
public final class JsonRecords {
  private static final JsonFactory FACTORY = new JsonFactory();

  /**
   * One record.
   *
   * @param bytes the record's JSON object exactly as in the body
   * @param fields the requested top-level scalar fields that were present, as text
   */
  public record JsonRecord(byte[] bytes, Map<String, String> fields) {

    /**
     * The field as an ISO-8601 instant; {@code null} when it is absent or not one, since a record
     * with an odd time is still published as it is.
     */
    public Instant instant(String field) {
      String value = fields.get(field);
      if (value == null) {
        return null;
      }
      try {
        return Instant.parse(value);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }

  private JsonRecords() {}

  /**
   * The objects of the array at {@code path} ({@code List.of()} for a body that is an array, {@code
   * List.of("value")} for Graph's {@code {"value":[...]}}).
   *
   * @throws MalformedPageException when the body is not complete JSON of that shape
   */
  public static List<JsonRecord> split(byte[] body, List<String> path, Set<String> fields)
      throws MalformedPageException {
    try (JsonParser parser = FACTORY.createParser(body)) {
      descend(parser, path);
      List<JsonRecord> records = new ArrayList<>();
      for (JsonToken token = parser.nextToken();
          token != JsonToken.END_ARRAY;
          token = parser.nextToken()) {
        if (token != JsonToken.START_OBJECT) {
          throw new MalformedPageException(
              "expected a JSON object in the record array, got " + token);
        }
        records.add(record(parser, body, fields));
      }
      return records;
    } catch (JsonParseException e) {
      throw new MalformedPageException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedPageException("unreadable JSON: " + e.getClass().getSimpleName());
    }
  }

  private static void descend(JsonParser parser, List<String> path)
      throws IOException, MalformedPageException {
    for (String field : path) {
      expect(parser.nextToken(), JsonToken.START_OBJECT, "an object holding '" + field + "'");
      boolean found = false;
      while (!found) {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_OBJECT || token == null) {
          throw new MalformedPageException("no '" + field + "' in the response");
        }
        String name = parser.currentName();
        parser.nextToken();
        if (field.equals(name)) {
          found = true;
        } else {
          parser.skipChildren();
        }
      }
      if (parser.currentToken() != JsonToken.START_ARRAY) {
        throw new MalformedPageException("'" + field + "' is not an array");
      }
    }
    if (path.isEmpty()) {
      expect(parser.nextToken(), JsonToken.START_ARRAY, "a JSON array of records");
    }
  }

  /**
   * The object the parser stands at ({@code START_OBJECT}) as a record: its exact bytes in {@code
   * body} and the top-level scalar {@code fields} it has. Leaves the parser at its {@code
   * END_OBJECT}.
   */
  public static JsonRecord record(JsonParser parser, byte[] body, Set<String> fields)
      throws IOException, MalformedPageException {
    long start = parser.currentTokenLocation().getByteOffset();
    Map<String, String> values = readFields(parser, fields);
    long end = parser.currentLocation().getByteOffset();
    return new JsonRecord(Arrays.copyOfRange(body, (int) start, (int) end), values);
  }

  private static Map<String, String> readFields(JsonParser parser, Set<String> fields)
      throws IOException, MalformedPageException {
    Map<String, String> values = new HashMap<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_OBJECT;
        token = parser.nextToken()) {
      if (token == null) {
        throw new MalformedPageException("the page ends inside a record");
      }
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value.isScalarValue() && value != JsonToken.VALUE_NULL && fields.contains(name)) {
        values.put(name, parser.getText());
      } else {
        parser.skipChildren();
      }
    }
    return values;
  }

  private static void expect(JsonToken actual, JsonToken expected, String what)
      throws MalformedPageException {
    if (actual != expected) {
      throw new MalformedPageException("expected " + what + ", got " + actual);
    }
  }

  /** The body is not the JSON the vendor documents (e.g. truncated in transit). */
  public static final class MalformedPageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedPageException(String message) {
      super(message);
    }
  }
}
