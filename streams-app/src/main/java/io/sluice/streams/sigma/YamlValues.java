package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the scalar and list attributes of a rule document, reporting wrong types. */
final class YamlValues {
  /** Ids and names: a UUID, or words Kafka keys and metric labels take without escaping. */
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private YamlValues() {}

  /** An optional text attribute; numbers and booleans are taken as their text. */
  static Optional<String> text(JsonNode parent, String key, String path, Problems problems) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isValueNode()) {
      problems.add(path, "must be text");
      return Optional.empty();
    }
    String text = node.asText().strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /** A list of text; a single text is a list of one. */
  static List<String> texts(JsonNode parent, String key, String path, Problems problems) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (node.isValueNode()) {
      return List.of(node.asText());
    }
    if (!node.isArray()) {
      problems.add(path, "must be a list of text");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      if (item.isValueNode() && !item.isNull()) {
        out.add(item.asText());
      } else {
        problems.add(path + "[" + i + "]", "must be text");
      }
    }
    return List.copyOf(out);
  }

  /** The keys of a mapping, in file order. */
  static List<String> keys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      keys.add(entry.getKey());
    }
    return keys;
  }

  /** A value as it would read in the file, for messages. */
  static String show(JsonNode value) {
    return value.isTextual() ? "'" + value.textValue() + "'" : value.toString();
  }
}
