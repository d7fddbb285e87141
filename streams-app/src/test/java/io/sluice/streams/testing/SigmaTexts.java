package io.sluice.streams.testing;

/** Sigma rule files the tests share, written with Okta's own field names as SigmaHQ's rules are. */
public final class SigmaTexts {
  /** Okta's failed sign-ins as a detection rule, named {@code okta_failed_login}. */
  public static final String OKTA_FAILED_LOGIN =
      """
      title: Okta failed login
      id: 6b0f1e6a-1c2d-4e5f-8a9b-0c1d2e3f4a01
      name: okta_failed_login
      logsource: {product: okta, service: okta}
      detection:
        selection: {eventType: user.session.start, outcome.result: FAILURE}
        condition: selection
      """;

  private SigmaTexts() {}

  /**
   * One file: {@link #OKTA_FAILED_LOGIN} and an {@code event_count} of it per {@code
   * actor.alternateId} within 10 minutes, {@code gte: threshold}.
   */
  public static String failedOktaLogins(String id, int threshold) {
    return OKTA_FAILED_LOGIN
        + """
        ---
        title: Failed Okta logins
        id: %s
        level: medium
        correlation:
          type: event_count
          rules: [okta_failed_login]
          group-by: [actor.alternateId]
          timespan: 10m
          condition: {gte: %d}
        """
            .formatted(id, threshold);
  }
}
