package io.sluice.streams.risk;

import io.sluice.schemas.Alert;
import io.sluice.schemas.AuthStatus;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.DataSecurityEvent;
import io.sluice.schemas.DlpAction;
import io.sluice.schemas.EmailUrlEvent;
import io.sluice.schemas.Severity;
import io.sluice.schemas.User;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * What one record adds to a user's risk: one event of a kind (and, for alerts, its severity), plus
 * the VIP flag the record carries. Records that add nothing map to empty.
 */
public record RiskContribution(Kind kind, Severity severity, boolean vip) {
  /** Alert entity types that name a user; alerts about IPs, URLs or files do not count. */
  static final java.util.List<String> USER_ENTITY_TYPES =
      java.util.List.of("user.name", "recipient.name");

  public enum Kind {
    FAILED_LOGIN,
    MALICIOUS_CLICK,
    DLP_VIOLATION,
    ALERT
  }

  public static Optional<RiskContribution> of(SpecificRecord record) {
    if (record instanceof AuthenticationEvent auth) {
      return auth.getStatus() == AuthStatus.FAILURE
          ? Optional.of(new RiskContribution(Kind.FAILED_LOGIN, null, vip(auth.getUser())))
          : Optional.empty();
    }
    if (record instanceof EmailUrlEvent url) {
      return url.getIsClick() && url.getVerdict() == io.sluice.schemas.Verdict.MALICIOUS
          ? Optional.of(new RiskContribution(Kind.MALICIOUS_CLICK, null, vip(url.getUser())))
          : Optional.empty();
    }
    if (record instanceof DataSecurityEvent dlp) {
      return dlp.getAction() == DlpAction.BLOCKED || dlp.getAction() == DlpAction.HELD
          ? Optional.of(new RiskContribution(Kind.DLP_VIOLATION, null, vip(dlp.getUser())))
          : Optional.empty();
    }
    return Optional.empty();
  }

  public static Optional<RiskContribution> of(Alert alert) {
    if (alert == null
        || alert.getEntity() == null
        || !USER_ENTITY_TYPES.contains(alert.getEntity().getType())) {
      return Optional.empty();
    }
    Severity severity = alert.getSeverity() == null ? Severity.UNKNOWN : alert.getSeverity();
    return Optional.of(new RiskContribution(Kind.ALERT, severity, alert.getVip()));
  }

  private static boolean vip(User user) {
    return user != null && user.getVip();
  }
}
