package io.sluice.streams.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.canonical.Text;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Defensive readers for vendor JSON: a field of the wrong type reads as absent instead of throwing,
 * because vendors send nulls, numbers-as-strings and surprises.
 */
public final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final JsonFactory GENERATORS = MAPPER.getFactory();
  // nodes ask it only which features are on: safe to share between threads
  private static final SerializerProvider FEATURES = MAPPER.getSerializerProviderInstance();

  private Json() {}

  /**
   * Dotted paths split once: mappers read the same few dozen constant paths for every record, and
   * splitting them each time was about 6 % of turning an Okta record into Avro bytes. Bounded, in
   * case a caller passes paths made from data; past the bound a path is split per call.
   */
  private static final int MAX_CACHED_PATHS = 4096;

  private static final Map<String, String[]> PATHS = new ConcurrentHashMap<>();

  /** The node at a dotted path of object fields, or null. */
  public static JsonNode at(JsonNode node, String path) {
    JsonNode current = node;
    if (path.indexOf('.') < 0) {
      current = current == null || !current.isObject() ? null : current.get(path);
    } else {
      for (String part : parts(path)) {
        if (current == null || !current.isObject()) {
          return null;
        }
        current = current.get(part);
      }
    }
    return current == null || current.isNull() || current.isMissingNode() ? null : current;
  }

  private static String[] parts(String path) {
    String[] parts = PATHS.get(path);
    if (parts == null) {
      parts = path.split("\\.");
      if (PATHS.size() < MAX_CACHED_PATHS) {
        PATHS.putIfAbsent(path, parts);
      }
    }
    return parts;
  }

  /** Text at a path: strings as they are, numbers and booleans as text, anything else null. */
  public static String text(JsonNode node, String path) {
    JsonNode value = at(node, path);
    if (value == null || !value.isValueNode()) {
      return null;
    }
    String text = value.asText();
    return text.isEmpty() || "null".equals(text) ? null : text;
  }

  /** Like {@link #text} but cleaned for display (control characters removed, length capped). */
  public static String cleanText(JsonNode node, String path) {
    return Text.clean(text(node, path));
  }

  public static Boolean bool(JsonNode node, String path) {
    JsonNode value = at(node, path);
    if (value == null) {
      return null;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()) {
      String text = value.textValue();
      if ("true".equalsIgnoreCase(text)) {
        return true;
      }
      if ("false".equalsIgnoreCase(text)) {
        return false;
      }
    }
    return null;
  }

  public static Double number(JsonNode node, String path) {
    JsonNode value = at(node, path);
    if (value == null) {
      return null;
    }
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (value.isTextual()) {
      try {
        return Double.valueOf(value.textValue());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * Top-level fields of a vendor record that the mapper did not consume, as JSON text (plain text
   * for strings), so that nothing the vendor sent is lost.
   */
  public static Map<String, String> unmappedExcept(ObjectNode record, Set<String> mapped) {
    Map<String, String> unmapped = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = record.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      if (mapped.contains(field.getKey()) || value.isNull()) {
        continue;
      }
      unmapped.put(field.getKey(), unmappedText(value));
    }
    return unmapped;
  }

  /** How {@code metadata.unmapped} holds a vendor value: strings as they are, the rest as JSON. */
  public static String unmappedText(JsonNode value) {
    return value.isTextual() ? value.textValue() : compact(value);
  }

  /**
   * A node as compact JSON text, exactly as {@code toString()} writes it. {@code toString()} sets
   * up an {@code ObjectWriter} and serializer provider per call, which took most of the time of
   * keeping a record's unmapped fields; a bare generator over a shared provider writes the same
   * text.
   */
  public static String compact(JsonNode value) {
    StringWriter out = new StringWriter(64);
    try (JsonGenerator generator = GENERATORS.createGenerator(out)) {
      value.serialize(generator, FEATURES);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string cannot fail", e);
    }
    return out.toString();
  }
}
