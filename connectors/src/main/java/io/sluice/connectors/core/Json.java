package io.sluice.connectors.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;

/**
 * The JSON helpers every connector needs: one thread-safe {@link ObjectMapper}, lenient reading of
 * vendor error bodies (which may be empty, HTML or cut off) and text fields that are absent or
 * null.
 */
public final class Json {
  /** Shared: an {@link ObjectMapper} is thread-safe once configured, and this one never changes. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** The body as a JSON object; null when it is empty, not JSON or not an object. */
  public static ObjectNode objectOrNull(byte[] body) {
    try {
      JsonNode node = body == null || body.length == 0 ? null : MAPPER.readTree(body);
      return node != null && node.isObject() ? (ObjectNode) node : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The body as a JSON object, or a {@link IllegalArgumentException} naming {@code what}. */
  public static ObjectNode object(String text, String what) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(what + " is not a JSON object");
      }
      return (ObjectNode) node;
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not JSON", e);
    }
  }

  /** {@code node.field} as text; null when {@code node} is null or the field absent or null. */
  public static String text(JsonNode node, String field) {
    if (node == null) {
      return null;
    }
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** {@code node.field} as non-blank text, if it is a string. */
  public static Optional<String> nonBlank(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank()
        ? Optional.of(value.asText())
        : Optional.empty();
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write JSON", e);
    }
  }
}
