package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Map;

/**
 * A dotted path into a vendor's JSON record, as Sigma rules name fields ({@code
 * securityContext.isProxy}, {@code target.displayName}).
 *
 * <p>At each object the segment is looked up as written, then ignoring case, then the rest of the
 * path as one literal key (some feeds have keys containing dots). Ignoring case is what SigmaHQ's
 * own Okta rules need: they write {@code eventtype}, {@code legacyeventtype} and {@code
 * actor.alternateid} for Okta's {@code eventType}, {@code legacyEventType}, {@code
 * actor.alternateId}. Arrays are transparent: {@code target.displayName} reaches the display name
 * of every element of {@code target[]}, and a value that is an array is searched element by
 * element. Nothing is allocated on the way except the iterator of a case-insensitive key scan.
 */
final class RawPath implements FieldResolver {
  /** Arrays nested deeper than this are not searched (hostile records, not vendor data). */
  private static final int MAX_ARRAY_DEPTH = 16;

  private final String[] segments;

  /** rest[i] = segments i..n-1 joined with '.', the literal-key fallback at segment i. */
  private final String[] rest;

  /**
   * The spelling a case-insensitive lookup last found for each segment ({@code eventType} for
   * {@code eventtype}), tried before scanning again. Written without synchronisation on purpose: a
   * stale or missing entry only costs a scan, and a String reference is written atomically.
   */
  private final String[] learned;

  RawPath(String dotted) {
    this.segments = dotted.split("\\.", -1);
    this.rest = new String[segments.length];
    this.learned = new String[segments.length];
    for (int i = 0; i < segments.length; i++) {
      rest[i] = String.join(".", Arrays.asList(segments).subList(i, segments.length));
    }
  }

  @Override
  public boolean anyLeaf(JsonNode raw, LeafTest test) {
    return walk(raw, 0, test, 0);
  }

  @Override
  public boolean present(JsonNode raw) {
    return exists(raw, 0, 0);
  }

  @Override
  public JsonNode firstScalar(JsonNode raw) {
    return first(raw, 0, 0);
  }

  private boolean walk(JsonNode node, int i, LeafTest test, int arrays) {
    if (node.isArray()) {
      if (arrays >= MAX_ARRAY_DEPTH) {
        return false;
      }
      for (JsonNode element : node) {
        if (walk(element, i, test, arrays + 1)) {
          return true;
        }
      }
      return false;
    }
    if (i == segments.length) {
      return !node.isMissingNode() && test.test(node);
    }
    JsonNode child = segment(node, i);
    if (child != null) {
      return walk(child, i + 1, test, arrays);
    }
    child = remainder(node, i);
    return child != null && walk(child, segments.length, test, arrays);
  }

  private boolean exists(JsonNode node, int i, int arrays) {
    if (i == segments.length) {
      return !node.isMissingNode();
    }
    if (node.isArray()) {
      if (arrays >= MAX_ARRAY_DEPTH) {
        return false;
      }
      for (JsonNode element : node) {
        if (exists(element, i, arrays + 1)) {
          return true;
        }
      }
      return false;
    }
    JsonNode child = segment(node, i);
    if (child != null) {
      return exists(child, i + 1, arrays);
    }
    return remainder(node, i) != null;
  }

  private JsonNode first(JsonNode node, int i, int arrays) {
    if (node.isArray()) {
      if (arrays >= MAX_ARRAY_DEPTH) {
        return null;
      }
      for (JsonNode element : node) {
        JsonNode found = first(element, i, arrays + 1);
        if (found != null) {
          return found;
        }
      }
      return null;
    }
    if (i == segments.length) {
      return node.isValueNode() && !node.isNull() ? node : null;
    }
    JsonNode child = segment(node, i);
    if (child != null) {
      return first(child, i + 1, arrays);
    }
    child = remainder(node, i);
    return child == null ? null : first(child, segments.length, arrays);
  }

  /** Segment i of an object: as written, as last found, or ignoring case; null if none. */
  private JsonNode segment(JsonNode node, int i) {
    if (!node.isObject()) {
      return null;
    }
    JsonNode child = node.get(segments[i]);
    if (child != null) {
      return child;
    }
    String known = learned[i];
    if (known != null && (child = node.get(known)) != null) {
      return child;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (entry.getKey().equalsIgnoreCase(segments[i])) {
        learned[i] = entry.getKey();
        return entry.getValue();
      }
    }
    return null;
  }

  /** The rest of the path from segment i as one key ({@code "a.b": …}); null if none. */
  private JsonNode remainder(JsonNode node, int i) {
    if (i + 1 >= segments.length || !node.isObject()) {
      return null;
    }
    JsonNode child = node.get(rest[i]);
    if (child != null) {
      return child;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (entry.getKey().equalsIgnoreCase(rest[i])) {
        return entry.getValue();
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return rest[0];
  }
}
