package io.sluice.streams.detect;

import io.sluice.streams.sigma.SigmaDetectionRule;
import io.sluice.streams.sigma.SigmaFeed;
import io.sluice.streams.sigma.SigmaField;
import io.sluice.streams.sigma.SigmaRule;
import java.util.List;
import java.util.Optional;

/**
 * How an engine rule made from a Sigma rule ({@link SigmaRules}) is fed: which Sigma detection
 * rules, matched on the raw vendor record, count for which of its steps, under which key.
 *
 * @param source the Sigma rule the engine rule runs (a detection or a correlation)
 * @param feeds every (detection rule, step) pair that counts for it
 * @param entityType what the key is, for alerts: {@code principal} for a detection rule, else the
 *     correlation's {@code group-by} names joined by {@code +}
 */
public record SigmaBinding(SigmaRule source, List<Feed> feeds, String entityType) {

  /** The entity type of a detection rule's alerts: the event's user, else host, else source IP. */
  public static final String PRINCIPAL = "principal";

  public SigmaBinding {
    feeds = List.copyOf(feeds);
  }

  /**
   * One Sigma detection rule whose matches count for one step.
   *
   * @param step 0 (threshold, or step A of a sequence) or 1 (step B)
   * @param groupBy the fields whose values, joined by '|', are the key; empty: the event's
   *     principal
   * @param value value_count: the field whose distinct values are counted
   */
  public record Feed(
      SigmaDetectionRule detection,
      int step,
      List<SigmaField> groupBy,
      Optional<SigmaField> value) {
    public Feed {
      groupBy = List.copyOf(groupBy);
    }

    public SigmaFeed feed() {
      return detection.feed();
    }
  }
}
