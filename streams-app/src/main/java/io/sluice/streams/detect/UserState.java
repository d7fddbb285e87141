package io.sluice.streams.detect;

import io.sluice.schemas.UserRisk;
import io.sluice.streams.detect.state.KeyState;
import io.sluice.streams.enrich.VipLookup;
import io.sluice.streams.risk.UserRiskLedger;

/**
 * Reading the user processor's store from outside the processor (the risk API, over interactive
 * queries): each user's record holds their rule state and their risk.
 */
public final class UserState {
  /** The user processor's store: one record per user. */
  public static final String STORE = KeyType.USER.storeName();

  private UserState() {}

  /**
   * The user's risk, with VIP status as the VIP list says now; null when the record is not a user's
   * (the reserved partition record) or holds no risk.
   */
  public static UserRisk risk(String user, byte[] stored, VipLookup vips) {
    if (stored == null || user.isEmpty() || user.charAt(0) == DetectProcessor.RESERVED_PREFIX) {
      return null;
    }
    return UserRiskLedger.view(user, KeyState.riskOf(stored), vips.isVipKey(user));
  }
}
