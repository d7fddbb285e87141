package io.sluice.streams.normalize.mimecast.audit;

import io.sluice.schemas.AuthStatus;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Mimecast audit value table (docs/feeds/mimecast-audit.md): which {@code auditType} values are
 * sign-ins and with what outcome. Everything else is admin activity. Sources: elastic/integrations
 * {@code packages/mimecast/data_stream/audit_events/_dev/test/pipeline/test-audit-events.log} (real
 * records with {@code Logon Authentication Failed}, {@code Logon Requires Challenge}, {@code User
 * Logged On}); Azure-Sentinel's "Mimecast Audit - Logon Authentication Failed" rule.
 */
final class MimecastAuditTypes {

  /**
   * How a logon audit type maps.
   *
   * @param status the outcome
   * @param detail {@code status_detail} when {@code eventInfo} carries no {@code Reason}
   * @param known false for an unlisted {@code Logon…} type, whose raw value goes to unmapped
   */
  record Logon(AuthStatus status, String detail, boolean known) {}

  /** Keys are lower-case (Locale.ROOT): Mimecast's capitalisation is not a contract. */
  private static final Map<String, Logon> LOGONS =
      Map.of(
          // seen in public samples (elastic/integrations, demisto/content MimecastEventCollector
          // test_data)
          "logon authentication failed", new Logon(AuthStatus.FAILURE, null, true),
          "logon requires challenge",
              new Logon(AuthStatus.UNKNOWN, "Requires Challenge", true), // password ok, 2FA asked
          "user logged on", new Logon(AuthStatus.SUCCESS, null, true),
          // named in the issue but seen in no public sample: accepted so both readings work
          "logon", new Logon(AuthStatus.SUCCESS, null, true),
          "successful logon", new Logon(AuthStatus.SUCCESS, null, true),
          "logon authentication succeeded", new Logon(AuthStatus.SUCCESS, null, true));

  private static final Logon UNKNOWN_LOGON = new Logon(AuthStatus.UNKNOWN, null, false);

  private MimecastAuditTypes() {}

  /**
   * The logon mapping for an audit type, or empty when the type is not a sign-in (admin activity).
   * A {@code Logon…} type the table does not know is still a sign-in, with status UNKNOWN.
   */
  static Optional<Logon> logon(String auditType) {
    String key = auditType.strip().toLowerCase(Locale.ROOT);
    Logon known = LOGONS.get(key);
    if (known != null) {
      return Optional.of(known);
    }
    return key.startsWith("logon") ? Optional.of(UNKNOWN_LOGON) : Optional.empty();
  }
}
