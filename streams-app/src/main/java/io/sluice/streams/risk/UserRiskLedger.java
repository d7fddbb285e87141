package io.sluice.streams.risk;

import io.sluice.schemas.UserRisk;
import java.util.Objects;

/**
 * User risk as the user-keyed detection processor keeps it (docs/risk.md): daily buckets of a
 * user's failed logins, malicious clicks, DLP violations and alerts over a sliding 30 days, held in
 * the user's detection state record (one store and one changelog for detections and risk), and the
 * {@link UserRisk} to publish on {@code risk.users} when it changes.
 *
 * <p>VIP status is the user's status now (in {@code reference.vip-users}), given by the caller, not
 * a flag frozen into the events.
 */
public final class UserRiskLedger {
  private UserRiskLedger() {}

  /**
   * The user's risk after an update.
   *
   * @param state the new state bytes, or null when nothing is left in the window
   * @param changed whether the published risk differs from before
   * @param risk what to publish when changed: the new risk, or null (a tombstone) when empty
   */
  public record Update(byte[] state, boolean changed, UserRisk risk) {}

  /** Whether an event at {@code time} still counts at {@code now} (else it is too old to add). */
  public static boolean inWindow(long time, long now) {
    return RiskState.inWindow(time, now);
  }

  /** Adds one contribution at its time, then drops what left the window at {@code now}. */
  public static Update add(
      String user, byte[] state, RiskContribution contribution, long time, long now, boolean vip) {
    RiskState risk = state == null ? new RiskState() : RiskStateSerde.read(state);
    risk.add(contribution, time);
    risk.expire(now);
    // a contribution always changes a count, so the risk changed: no need to compare
    UserRisk after = view(user, risk, vip);
    return new Update(after == null ? null : RiskStateSerde.write(risk), true, after);
  }

  /** Drops what left the window at {@code now}. */
  public static Update expire(String user, byte[] state, long now, boolean vip) {
    if (state == null) {
      return new Update(null, false, null);
    }
    RiskState risk = RiskStateSerde.read(state);
    UserRisk before = view(user, risk, vip);
    if (!risk.expire(now)) {
      return new Update(state, false, before);
    }
    return update(user, risk, before, vip);
  }

  /** The user's risk as the API shows it, or null when nothing is in the window. */
  public static UserRisk view(String user, byte[] state, boolean vip) {
    return state == null ? null : view(user, RiskStateSerde.read(state), vip);
  }

  private static UserRisk view(String user, RiskState risk, boolean vip) {
    if (risk.isEmpty()) {
      return null;
    }
    risk.vip = vip;
    return risk.toUserRisk(user);
  }

  private static Update update(String user, RiskState risk, UserRisk before, boolean vip) {
    UserRisk after = view(user, risk, vip);
    return new Update(
        after == null ? null : RiskStateSerde.write(risk), !Objects.equals(before, after), after);
  }
}
