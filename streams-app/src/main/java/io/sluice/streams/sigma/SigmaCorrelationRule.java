package io.sluice.streams.sigma;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Sigma correlation rule (specification 2.0), resolved: its {@link #rules()} point at loaded
 * rules (detection rules, or correlations for a chain), in the order written — the required order
 * of a {@code temporal_ordered} correlation — each with the field names to read for the group-by
 * after {@code aliases}.
 */
public final class SigmaCorrelationRule implements SigmaRule {
  /** The correlation types; the {@code value_*} metrics beyond value_count are Sigma 2.1. */
  public enum Type {
    EVENT_COUNT("event_count"),
    VALUE_COUNT("value_count"),
    TEMPORAL("temporal"),
    TEMPORAL_ORDERED("temporal_ordered"),
    VALUE_SUM("value_sum"),
    VALUE_AVG("value_avg"),
    VALUE_PERCENTILE("value_percentile"),
    VALUE_MIN("value_min"),
    VALUE_MAX("value_max");

    private final String sigmaName;

    Type(String sigmaName) {
      this.sigmaName = sigmaName;
    }

    public String sigmaName() {
      return sigmaName;
    }

    /** temporal and temporal_ordered: the count is of distinct referenced rules seen. */
    public boolean isTemporal() {
      return this == TEMPORAL || this == TEMPORAL_ORDERED;
    }

    /** The types that need {@code condition.field}: value_count and the metrics. */
    public boolean needsField() {
      return !isTemporal() && this != EVENT_COUNT;
    }

    static Optional<Type> bySigmaName(String name) {
      for (Type t : values()) {
        if (t.sigmaName.equals(name)) {
          return Optional.of(t);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * One entry of {@code correlation.rules}.
   *
   * @param written the reference as written (an id or a name)
   * @param target the rule it resolves to
   * @param groupBy the field to read per {@code group-by} entry in the target's events, after
   *     {@code aliases} (same order as {@link SigmaCorrelationRule#groupBy()})
   * @param valueField the field counted or measured ({@code condition.field}), after aliases
   */
  public record Reference(
      String written, SigmaRule target, List<String> groupBy, Optional<String> valueField) {
    public Reference {
      groupBy = List.copyOf(groupBy);
    }

    /** The target when it is a detection rule (not a chained correlation). */
    public Optional<SigmaDetectionRule> detection() {
      return target instanceof SigmaDetectionRule d ? Optional.of(d) : Optional.empty();
    }

    /** The group-by fields compiled for the target's feed; empty for a chained correlation. */
    public List<SigmaField> groupByFields() {
      if (!(target instanceof SigmaDetectionRule d)) {
        return List.of();
      }
      List<SigmaField> out = new ArrayList<>();
      groupBy.forEach(f -> out.add(d.field(f)));
      return List.copyOf(out);
    }
  }

  private final SigmaMetadata metadata;
  private final Type type;
  private final List<Reference> rules;
  private final List<String> groupBy;
  private final Map<String, Map<String, String>> aliases;
  private final Duration timespan;
  private final CorrelationCondition condition;
  private final Optional<String> valueField;
  private final boolean generate;

  SigmaCorrelationRule(
      SigmaMetadata metadata,
      Type type,
      List<Reference> rules,
      List<String> groupBy,
      Map<String, Map<String, String>> aliases,
      Duration timespan,
      CorrelationCondition condition,
      Optional<String> valueField,
      boolean generate) {
    this.metadata = metadata;
    this.type = type;
    this.rules = List.copyOf(rules);
    this.groupBy = List.copyOf(groupBy);
    this.aliases = Map.copyOf(aliases);
    this.timespan = timespan;
    this.condition = condition;
    this.valueField = valueField;
    this.generate = generate;
  }

  @Override
  public SigmaMetadata metadata() {
    return metadata;
  }

  public Type type() {
    return type;
  }

  /** The referenced rules, resolved, in the order written. */
  public List<Reference> rules() {
    return rules;
  }

  /** The {@code group-by} names as written (aliases unresolved; see {@link Reference#groupBy}). */
  public List<String> groupBy() {
    return groupBy;
  }

  /** alias → (rule name or id as written → field). */
  public Map<String, Map<String, String>> aliases() {
    return aliases;
  }

  public Duration timespan() {
    return timespan;
  }

  public CorrelationCondition condition() {
    return condition;
  }

  /** {@code condition.field} as written, for value_count and the metric types. */
  public Optional<String> valueField() {
    return valueField;
  }

  /**
   * {@code generate}: whether the rules this correlation references also alert on their own (the
   * default, false, keeps them silent building blocks).
   */
  public boolean generate() {
    return generate;
  }

  /** Whether the referenced rules must be seen in the order written (temporal_ordered). */
  public boolean ordered() {
    return type == Type.TEMPORAL_ORDERED;
  }

  @Override
  public String toString() {
    return "sigma correlation " + id() + " (" + type.sigmaName() + ")";
  }
}
