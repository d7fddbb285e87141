package io.sluice.streams.normalize.mimecast;

import io.sluice.schemas.Direction;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.Verdict;
import java.util.Locale;
import java.util.Map;

/**
 * The Mimecast value tables shared by the TTP feeds and the SIEM feed (docs/feeds/mimecast-*.md):
 * scan verdicts, actions and mail-flow directions. Both APIs use the same words (in different
 * case), so one table serves both. A value not listed maps to UNKNOWN/OTHER; the caller keeps the
 * raw value in {@code metadata.unmapped}.
 */
public final class MimecastValues {
  /**
   * {@code scanResult} (TTP URL), {@code result} (TTP attachment), {@code reason} (SIEM 1.0 URL
   * protect). "safe" is the attachment word for clean; "unknown" is a vendor value, not ours.
   */
  private static final Map<String, Verdict> VERDICTS =
      Map.of(
          "clean", Verdict.CLEAN,
          "safe", Verdict.CLEAN,
          "suspicious", Verdict.SUSPICIOUS,
          "malicious", Verdict.MALICIOUS,
          "unknown", Verdict.UNKNOWN);

  /**
   * {@code action}/{@code actions} (TTP URL, allow/warn/block in any case), {@code actionTriggered}
   * (TTP attachment), SIEM {@code action}. "none" (nothing triggered) and "log" are known but have
   * no canonical action, so they map to OTHER rather than being read as "allowed".
   */
  private static final Map<String, EmailAction> ACTIONS =
      Map.ofEntries(
          Map.entry("allow", EmailAction.ALLOWED),
          Map.entry("allowed", EmailAction.ALLOWED),
          Map.entry("permit", EmailAction.ALLOWED),
          Map.entry("warn", EmailAction.WARNED),
          Map.entry("warned", EmailAction.WARNED),
          Map.entry("block", EmailAction.BLOCKED),
          Map.entry("blocked", EmailAction.BLOCKED),
          Map.entry("hold", EmailAction.HELD),
          Map.entry("held", EmailAction.HELD),
          // attachment protect: the user released the message held for the attachment (seen in
          // production as "user release, none")
          Map.entry("user release", EmailAction.ALLOWED),
          Map.entry("none", EmailAction.OTHER));

  /**
   * How strong an action is, for list values ({@code "user release, none"}): the strongest one
   * Mimecast applied wins. A block stops the message, a hold keeps it for review, a warning lets
   * the user decide, an allow lets it through, and "none" (OTHER) is nothing at all.
   */
  private static final Map<EmailAction, Integer> STRENGTH =
      Map.of(
          EmailAction.BLOCKED, 5,
          EmailAction.HELD, 4,
          EmailAction.WARNED, 3,
          EmailAction.ALLOWED, 2,
          EmailAction.OTHER, 1);

  /** {@code route} (TTP), {@code Dir}/{@code direction}/{@code route} (SIEM). */
  private static final Map<String, Direction> DIRECTIONS =
      Map.of(
          "inbound", Direction.INBOUND,
          "outbound", Direction.OUTBOUND,
          "internal", Direction.INTERNAL);

  private MimecastValues() {}

  /** The verdict for a vendor value, or null when the table does not know it. */
  public static Verdict verdict(String raw) {
    return raw == null ? null : VERDICTS.get(lower(raw));
  }

  /** The action for a vendor value, or null when the table does not know it. */
  public static EmailAction action(String raw) {
    return raw == null ? null : ACTIONS.get(lower(raw));
  }

  /** The stronger of two known actions ({@link #STRENGTH}). */
  public static EmailAction stronger(EmailAction a, EmailAction b) {
    return STRENGTH.getOrDefault(a, 0) >= STRENGTH.getOrDefault(b, 0) ? a : b;
  }

  /** The direction for a vendor value, or null when the table does not know it. */
  public static Direction direction(String raw) {
    return raw == null ? null : DIRECTIONS.get(lower(raw));
  }

  /**
   * Mimecast writes "N/A" (and "None" for overrides) where a field does not apply; such a value
   * says nothing about the event.
   */
  public static boolean notApplicable(String raw) {
    return raw == null || "n/a".equals(lower(raw));
  }

  private static String lower(String raw) {
    return raw.strip().toLowerCase(Locale.ROOT);
  }
}
