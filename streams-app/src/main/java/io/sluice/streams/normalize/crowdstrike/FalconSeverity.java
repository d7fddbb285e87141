package io.sluice.streams.normalize.crowdstrike;

import io.sluice.schemas.Severity;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Falcon severity tables (docs/feeds/crowdstrike-alerts.md): the {@code severity_name} labels
 * Falcon shows, and Sluice's banding of the 0–100 {@code severity} score for alerts without a known
 * label. The label wins because it is CrowdStrike's own judgement; the bands are only a fallback.
 */
final class FalconSeverity {
  private static final Map<String, Severity> LABELS =
      Map.of(
          "informational", Severity.INFORMATIONAL,
          "low", Severity.LOW,
          "medium", Severity.MEDIUM,
          "high", Severity.HIGH,
          "critical", Severity.CRITICAL);

  private FalconSeverity() {}

  static Optional<Severity> ofLabel(String label) {
    if (label == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(LABELS.get(label.strip().toLowerCase(Locale.ROOT)));
  }

  /**
   * The band of a score: 0–19 informational, 20–39 low, 40–59 medium, 60–79 high, 80–100 critical;
   * a score outside 0–100 is not a Falcon score and is not guessed.
   */
  static Optional<Severity> ofScore(long score) {
    if (score < 0 || score > 100) {
      return Optional.empty();
    }
    if (score < 20) {
      return Optional.of(Severity.INFORMATIONAL);
    }
    if (score < 40) {
      return Optional.of(Severity.LOW);
    }
    if (score < 60) {
      return Optional.of(Severity.MEDIUM);
    }
    if (score < 80) {
      return Optional.of(Severity.HIGH);
    }
    return Optional.of(Severity.CRITICAL);
  }
}
