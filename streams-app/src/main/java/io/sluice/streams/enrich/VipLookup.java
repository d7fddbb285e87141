package io.sluice.streams.enrich;

import io.sluice.schemas.User;

/**
 * Whether a user is a VIP now (in {@code reference.vip-users}). Rules ask at detection time, so a
 * VIP added after an event was normalised still counts, and one removed no longer does.
 */
@FunctionalInterface
public interface VipLookup {
  VipLookup NONE = key -> false;

  /**
   * @param key a user name or e-mail address, already normalised (lower case)
   */
  boolean isVipKey(String key);

  /** Whether the user's name or e-mail address is listed. */
  default boolean isVip(User user) {
    return user != null && (listed(user.getName()) || listed(user.getEmail()));
  }

  private boolean listed(String name) {
    String key = io.sluice.streams.canonical.Keys.normalize(name);
    return key != null && isVipKey(key);
  }
}
