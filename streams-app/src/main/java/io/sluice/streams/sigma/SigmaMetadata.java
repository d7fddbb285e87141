package io.sluice.streams.sigma;

import io.sluice.schemas.Severity;
import java.util.List;
import java.util.Optional;

/**
 * What a Sigma rule says about itself. {@code id} is the rule's Sigma {@code id}, or its {@code
 * name} when it has none (a rule only referenced by name); alerts and state are filed by it. {@code
 * attack} holds the ATT&amp;CK technique ids of the {@code attack.tNNNN[.NNN]} tags, upper-cased
 * ({@code attack.t1110.003} → {@code T1110.003}); tactic and group tags stay in {@code tags} only.
 * {@code origin} is the file the rule came from.
 */
public record SigmaMetadata(
    String id,
    Optional<String> name,
    String title,
    Optional<String> status,
    Optional<String> description,
    Optional<String> author,
    Optional<String> license,
    Optional<String> date,
    Optional<String> modified,
    List<String> references,
    List<String> falsePositives,
    Optional<Severity> level,
    List<String> tags,
    List<String> attack,
    String origin) {

  /** Severity when the rule sets no {@code level}: Sluice's choice, the middle of the scale. */
  public static final Severity DEFAULT_SEVERITY = Severity.MEDIUM;

  /** The rule's {@code level} as a Sluice severity, {@link #DEFAULT_SEVERITY} without one. */
  public Severity severity() {
    return level.orElse(DEFAULT_SEVERITY);
  }
}
