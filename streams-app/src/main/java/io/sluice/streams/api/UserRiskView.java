package io.sluice.streams.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.sluice.schemas.UserRisk;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON shape of a {@link UserRisk} on the HTTP API: the Avro field names, {@code updated_at} as
 * an ISO-8601 instant. Instances answer each other in this shape too.
 */
public record UserRiskView(
    @JsonProperty("user") String user,
    @JsonProperty("score") double score,
    @JsonProperty("window_days") int windowDays,
    @JsonProperty("malicious_clicks") long maliciousClicks,
    @JsonProperty("failed_logins") long failedLogins,
    @JsonProperty("dlp_violations") long dlpViolations,
    @JsonProperty("alerts_by_severity") Map<String, Long> alertsBySeverity,
    @JsonProperty("vip") boolean vip,
    @JsonProperty("updated_at") String updatedAt) {

  /** Riskiest first; equal scores by user name, so every instance orders the same way. */
  public static final Comparator<UserRiskView> RISKIEST_FIRST =
      Comparator.comparingDouble(UserRiskView::score)
          .reversed()
          .thenComparing(UserRiskView::user, Comparator.nullsLast(Comparator.naturalOrder()));

  public static UserRiskView of(UserRisk risk) {
    return new UserRiskView(
        risk.getUser(),
        risk.getScore(),
        risk.getWindowDays(),
        risk.getMaliciousClicks(),
        risk.getFailedLogins(),
        risk.getDlpViolations(),
        new TreeMap<>(risk.getAlertsBySeverity()),
        risk.getVip(),
        risk.getUpdatedAt() == null ? null : risk.getUpdatedAt().toString());
  }
}
