package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Sigma detection rule compiled for one feed: {@link #matches} tests a raw vendor record of
 * {@link #feed()} (the JSON on its raw topic) against the rule's detection. Compiled once at load;
 * immutable and safe to share between stream threads.
 */
public final class SigmaDetectionRule implements SigmaRule {
  private final SigmaMetadata metadata;
  private final SigmaFeed feed;
  private final RecordTest detection;
  private final FieldMapping mapping;
  private final List<String> fields;
  private final Map<String, SigmaField> fieldCache = new ConcurrentHashMap<>();

  SigmaDetectionRule(
      SigmaMetadata metadata,
      SigmaFeed feed,
      RecordTest detection,
      FieldMapping mapping,
      List<String> fields) {
    this.metadata = metadata;
    this.feed = feed;
    this.detection = detection;
    this.mapping = mapping;
    this.fields = List.copyOf(fields);
  }

  @Override
  public SigmaMetadata metadata() {
    return metadata;
  }

  /** The feed the rule's {@code logsource} names. */
  public SigmaFeed feed() {
    return feed;
  }

  /**
   * Whether the raw record (a JSON object as the vendor sent it) passes the detection. The engine
   * matches a feed's rules together ({@link SigmaMatcher}), which answers as this does.
   */
  public boolean matches(JsonNode raw) {
    return raw != null && raw.isObject() && detection.test(raw);
  }

  /** The compiled detection, for {@link SigmaMatcher} to take apart. */
  RecordTest detection() {
    return detection;
  }

  /** A field compiled for this rule's feed; compile once and keep it for per-event reads. */
  public SigmaField field(String sigmaField) {
    return fieldCache.computeIfAbsent(
        sigmaField, name -> new SigmaField(name, mapping.resolve(name)));
  }

  /** Shorthand for {@code field(sigmaField).value(raw)}: the field's value as text, or null. */
  public String fieldValue(JsonNode raw, String sigmaField) {
    return field(sigmaField).value(raw);
  }

  /** The rule's {@code fields}: what it suggests showing an analyst. */
  public List<String> fields() {
    return fields;
  }

  @Override
  public String toString() {
    return "sigma detection " + id() + " (" + feed.source() + ")";
  }
}
