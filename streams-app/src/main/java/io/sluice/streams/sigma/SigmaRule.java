package io.sluice.streams.sigma;

import io.sluice.schemas.Severity;
import java.util.List;

/** A loaded Sigma rule: a detection rule or a correlation rule. */
public sealed interface SigmaRule permits SigmaDetectionRule, SigmaCorrelationRule {
  SigmaMetadata metadata();

  /** The Sigma {@code id} (or {@code name} when the rule has no id): the alert's rule id. */
  default String id() {
    return metadata().id();
  }

  /** The Sigma {@code title}: the alert's rule name. */
  default String title() {
    return metadata().title();
  }

  /** From {@code level}; {@link SigmaMetadata#DEFAULT_SEVERITY} when there is none. */
  default Severity severity() {
    return metadata().severity();
  }

  /** ATT&amp;CK technique ids from the {@code attack.tNNNN} tags, upper-cased. */
  default List<String> attack() {
    return metadata().attack();
  }

  /** The file the rule came from, for messages. */
  default String origin() {
    return metadata().origin();
  }
}
