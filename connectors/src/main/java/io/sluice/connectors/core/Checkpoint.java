package io.sluice.connectors.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a feed resumes: the value of its record in the compacted {@code
 * sluice.connector-checkpoints} topic, keyed by {@link #key()} = {@code <connector id>/<source>}.
 *
 * <p>JSON so that an operator can read (and in an emergency, rewrite) it with kafka-console tools:
 * {@code {"connector":"okta@acme.okta.com","source":"okta.system-log","tenant":"acme.okta.com",
 * "position":"https://...","updated_at":"..."}}.
 *
 * @param tenant the vendor account the position belongs to (Okta org host, Mimecast application,
 *     Entra tenant, CrowdStrike API client): vendor hosts are shared by every customer, so a
 *     position must never be resumed against another account; null only in checkpoints written
 *     before tenants were recorded
 * @param position opaque to the framework; for Okta the {@code rel="next"} URL
 */
public record Checkpoint(
    String connector, String source, String tenant, String position, Instant updatedAt) {

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
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("connector", connector);
    node.put("source", source);
    if (tenant != null) {
      node.put("tenant", tenant);
    }
    node.put("position", position);
    node.put("updated_at", updatedAt.toString());
    return Json.write(node).getBytes(StandardCharsets.UTF_8);
  }

  public static Checkpoint fromJson(byte[] json) {
    String text = new String(json, StandardCharsets.UTF_8);
    try {
      ObjectNode node = Json.object(text, "the checkpoint");
      return new Checkpoint(
          required(node, "connector"),
          required(node, "source"),
          Json.text(node, "tenant"),
          required(node, "position"),
          Instant.parse(required(node, "updated_at")));
    } catch (RuntimeException e) {
      throw new IllegalStateException("Unreadable checkpoint record: " + text, e);
    }
  }

  private static String required(ObjectNode node, String field) {
    String value = Json.text(node, field);
    if (value == null) {
      throw new IllegalArgumentException("checkpoint field '" + field + "' is missing");
    }
    return value;
  }
}
