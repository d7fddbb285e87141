package io.sluice.streams.api;

import java.util.List;
import java.util.Optional;

/**
 * What the risk API asks of the running app: behind an interface so the HTTP handlers are tested
 * without Kafka. Every method may throw {@link StoreUnavailableException}.
 */
public interface RiskQueries {
  /** The user's risk, from whichever instance owns the key. */
  Optional<UserRiskView> user(String user);

  /** The riskiest users across all instances, riskiest first. */
  List<UserRiskView> top(int n);

  /**
   * The user's risk from this instance's store only (the internal endpoint other instances ask).
   */
  Optional<UserRiskView> localUser(String user);

  /** This instance's riskiest users, riskiest first. */
  List<UserRiskView> localTop(int n);
}
