package io.sluice.connectors.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The envelope of a page (Graph's {@code @odata.nextLink}, CrowdStrike's {@code meta} and {@code
 * errors}) read with the streaming parser while the big record array is skipped, so a large page is
 * not built as a tree just to find its paging token. The records themselves are split by {@link
 * JsonRecords}.
 */
public final class JsonEnvelope {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonEnvelope() {}

  /**
   * Every top-level field of the body; the array at {@code recordsField} is not read but replaced
   * by its number of elements (any other value there, such as {@code null}, is kept as it is).
   *
   * @throws JsonRecords.MalformedPageException when the body is not one complete JSON object
   */
  public static ObjectNode read(byte[] body, String recordsField)
      throws JsonRecords.MalformedPageException {
    ObjectNode envelope = JSON.createObjectNode();
    try (JsonParser parser = JSON.getFactory().createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new JsonRecords.MalformedPageException("expected a JSON object");
      }
      for (JsonToken token = parser.nextToken();
          token != JsonToken.END_OBJECT;
          token = parser.nextToken()) {
        if (token == null) {
          throw new JsonRecords.MalformedPageException("the page ends inside its envelope");
        }
        String name = parser.currentName();
        parser.nextToken();
        if (recordsField.equals(name) && parser.currentToken() == JsonToken.START_ARRAY) {
          envelope.put(name, countElements(parser));
        } else {
          envelope.set(name, parser.readValueAsTree());
        }
      }
      if (parser.nextToken() != null) {
        throw new JsonRecords.MalformedPageException("trailing content after the JSON object");
      }
      return envelope;
    } catch (JsonParseException e) {
      throw new JsonRecords.MalformedPageException("not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new JsonRecords.MalformedPageException(
          "unreadable JSON: " + e.getClass().getSimpleName());
    }
  }

  private static int countElements(JsonParser parser) throws IOException {
    int count = 0;
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (token == null) {
        throw new JsonParseException(parser, "the page ends inside its records");
      }
      parser.skipChildren();
      count++;
    }
    return count;
  }
}
