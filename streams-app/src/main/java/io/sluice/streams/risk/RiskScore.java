package io.sluice.streams.risk;

import io.sluice.schemas.Severity;
import java.util.Map;

/**
 * The documented risk score (docs/risk.md): a weighted sum of the 30-day counts, ×1.5 for VIPs.
 *
 * <p>Weights reflect how much each signal says about the account being at risk: a failed login is
 * mostly noise on its own (typos, expired passwords), a DLP block is a policy breach by the user, a
 * click on a malicious link is the closest thing to a compromise the mail feeds show. Alerts weigh
 * more than their raw events because a rule already saw a pattern; the events are counted too, so a
 * burst adds both (intentionally: the pattern is worse than its parts).
 */
public final class RiskScore {
  public static final double FAILED_LOGIN = 1;
  public static final double MALICIOUS_CLICK = 10;
  public static final double DLP_VIOLATION = 5;
  public static final double VIP_MULTIPLIER = 1.5;

  private RiskScore() {}

  /** Weight of one alert of the severity; unknown or other severities weigh as LOW. */
  public static double alertWeight(Severity severity) {
    switch (severity) {
      case INFORMATIONAL:
        return 1;
      case MEDIUM:
        return 15;
      case HIGH:
        return 30;
      case CRITICAL:
      case FATAL:
        return 50;
      default:
        return 5;
    }
  }

  static double score(
      long maliciousClicks,
      long failedLogins,
      long dlpViolations,
      Map<String, Long> alertsBySeverity,
      boolean vip) {
    double score =
        maliciousClicks * MALICIOUS_CLICK
            + failedLogins * FAILED_LOGIN
            + dlpViolations * DLP_VIOLATION;
    for (Map.Entry<String, Long> e : alertsBySeverity.entrySet()) {
      score += e.getValue() * alertWeight(RiskState.severity(e.getKey()));
    }
    return vip ? score * VIP_MULTIPLIER : score;
  }
}
