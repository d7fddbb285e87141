package io.sluice.streams.topology;

import java.time.Duration;

/**
 * Settings that shape the topology itself (as opposed to Kafka client settings).
 *
 * @param dedupWindow how long a raw record's event id is remembered to drop redeliveries; zero
 *     turns dedup off
 * @param maxFuture how far an event time may be ahead of its record's Kafka timestamp before the
 *     record is a bad clock ({@code future_time})
 * @param horizon how far behind the newest record of its own feed an event may be and still count
 *     for rules (docs/rules.md, "Time")
 * @param identityDefaultDomain the domain given to bare account names when user keys are formed
 *     ({@code identity.default-domain}, docs/operations.md "Identities"), or null for none
 * @param detect false builds normalisation alone (no rules, no risk): {@code detect.enabled=false},
 *     for a normalise-only deployment and the normalise-only load run
 */
public record TopologyOptions(
    Duration dedupWindow,
    Duration maxFuture,
    Duration horizon,
    String identityDefaultDomain,
    boolean detect) {
  public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(24);
  public static final Duration DEFAULT_MAX_FUTURE = Duration.ofHours(1);
  public static final Duration DEFAULT_HORIZON = Duration.ofHours(6);

  /** Options without a default domain for identities, with detection. */
  public TopologyOptions(Duration dedupWindow, Duration maxFuture, Duration horizon) {
    this(dedupWindow, maxFuture, horizon, null, true);
  }

  public static TopologyOptions defaults() {
    return new TopologyOptions(DEFAULT_DEDUP_WINDOW, DEFAULT_MAX_FUTURE, DEFAULT_HORIZON);
  }

  public TopologyOptions withDedupWindow(Duration window) {
    return new TopologyOptions(window, maxFuture, horizon, identityDefaultDomain, detect);
  }

  public TopologyOptions withIdentityDefaultDomain(String domain) {
    return new TopologyOptions(dedupWindow, maxFuture, horizon, domain, detect);
  }
}
