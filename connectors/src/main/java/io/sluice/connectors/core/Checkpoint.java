package io.sluice.connectors.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a feed resumes: the value of its record in the compacted {@code
 * sluice.connector-checkpoints} topic, keyed by {@link #key()} = {@code <connector id>/<source>}.
 *
 * <p>JSON so that an operator can read (and in an emergency, rewrite) it with kafka-console tools:
 * {@code
 * {"connector":"okta","source":"okta.system-log","position":"https://...","updated_at":"..."}}.
 *
 * @param position opaque to the framework; for Okta the {@code rel="next"} URL
 */
public record Checkpoint(String connector, String source, String position, Instant updatedAt) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Checkpoint {
    Objects.requireNonNull(connector, "connector");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public static String key(String connector, String source) {
    return connector + "/" + source;
  }

  public String key() {
    return key(connector, source);
  }

  public byte[] toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("connector", connector);
    node.put("source", source);
    node.put("position", position);
    node.put("updated_at", updatedAt.toString());
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write a checkpoint as JSON", e);
    }
  }

  public static Checkpoint fromJson(byte[] json) {
    try {
      JsonNode node = JSON.readTree(json);
      return new Checkpoint(
          text(node, "connector"),
          text(node, "source"),
          text(node, "position"),
          Instant.parse(text(node, "updated_at")));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "Unreadable checkpoint record: " + new String(json, StandardCharsets.UTF_8), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("checkpoint field '" + field + "' is missing");
    }
    return value.asText();
  }
}
