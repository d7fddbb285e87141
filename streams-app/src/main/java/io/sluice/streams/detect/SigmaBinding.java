package io.sluice.streams.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.streams.sigma.SigmaCorrelationRule;
import io.sluice.streams.sigma.SigmaDetectionRule;
import io.sluice.streams.sigma.SigmaFeed;
import io.sluice.streams.sigma.SigmaField;
import io.sluice.streams.sigma.SigmaRule;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How an engine rule made from a Sigma rule ({@link SigmaRules}) is fed: which Sigma detection
 * rules, matched on the raw vendor record, count for which of its steps, under which key.
 *
 * @param source the Sigma rule the engine rule runs (a detection or a correlation)
 * @param feeds every (detection rule, step) pair that counts for it
 * @param entityType what the key is, for alerts: {@code principal} for a detection rule, else the
 *     correlation's {@code group-by} names joined by {@code +}
 * @param chained the correlations whose decisions count for its steps
 * @param alerts false for a correlation that only feeds a chain: it runs, and its decisions feed
 *     the rules built on it, but it raises no alert of its own
 */
public record SigmaBinding(
    SigmaRule source, List<Feed> feeds, String entityType, List<Chained> chained, boolean alerts) {

  /** The entity type of a detection rule's alerts: the event's user, else host, else source IP. */
  public static final String PRINCIPAL = "principal";

  public SigmaBinding {
    feeds = List.copyOf(feeds);
    chained = List.copyOf(chained);
  }

  /** A rule fed by detection rules only, that alerts. */
  public SigmaBinding(SigmaRule source, List<Feed> feeds, String entityType) {
    this(source, feeds, entityType, List.of(), true);
  }

  /**
   * The largest count that fires, for a correlation with an upper bound ({@code lt}, {@code lte},
   * {@code eq}, a range): it is decided when its window closes (docs/sigma.md, "Upper bounds").
   */
  public OptionalLong upperBound() {
    return source instanceof SigmaCorrelationRule c
        ? c.condition().upperBound()
        : OptionalLong.empty();
  }

  /** Whether a feed (by its source name) brings events any step of this rule counts. */
  public boolean reads(String source) {
    for (Feed f : feeds) {
      if (f.feed().source().equals(source)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A correlation this rule is built on (chaining): each of its decisions, for the same key, counts
   * as one event of {@code step}, at the decision's window end.
   *
   * @param rule the engine rule of the referenced correlation (its Sigma id)
   * @param label temporal: the referenced correlation's id, counted as the distinct value
   */
  public record Chained(String rule, int step, Optional<String> label) {}

  /**
   * One Sigma detection rule whose matches count for one step.
   *
   * @param step 0 for a threshold (and step A of a sequence), else the step's position in the
   *     sequence ({@code temporal_ordered}: the referenced rule's position)
   * @param groupBy the fields whose values, joined by '|', are the key; empty: the event's
   *     principal
   * @param value value_count: the field whose distinct values are counted
   * @param label temporal: the referenced rule's id, counted as the distinct value, so that the
   *     count is the number of referenced rules seen
   */
  public record Feed(
      SigmaDetectionRule detection,
      int step,
      List<SigmaField> groupBy,
      Optional<SigmaField> value,
      Optional<String> label) {
    public Feed {
      groupBy = List.copyOf(groupBy);
    }

    /** A feed counting events, or the distinct values of {@code value}. */
    public Feed(
        SigmaDetectionRule detection,
        int step,
        List<SigmaField> groupBy,
        Optional<SigmaField> value) {
      this(detection, step, groupBy, value, Optional.empty());
    }

    /** Whether the step counts distinct values (of a field, or the referenced rules seen). */
    public boolean countsDistinct() {
      return value.isPresent() || label.isPresent();
    }

    /** The distinct value an event counts with, or null (none, or the field is absent). */
    public String valueOf(JsonNode raw) {
      if (label.isPresent()) {
        return label.get();
      }
      return value.map(v -> v.value(raw)).orElse(null);
    }

    public SigmaFeed feed() {
      return detection.feed();
    }
  }
}
