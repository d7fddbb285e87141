package io.sluice.streams.normalize.okta;

import io.sluice.schemas.AuthActivity;
import io.sluice.schemas.AuthStatus;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Okta value tables (docs/feeds/okta.md): which event types are authentications, and how {@code
 * outcome.result} maps to a status. Anything not in a table is not guessed.
 */
final class OktaEventTypes {
  /** Exact event types that are authentication activity. */
  private static final Map<String, AuthActivity> EXACT =
      Map.of(
          "user.session.start", AuthActivity.LOGON,
          "user.session.end", AuthActivity.LOGOFF,
          "user.account.lock", AuthActivity.ACCOUNT_LOCK,
          "user.account.lock.limit", AuthActivity.ACCOUNT_LOCK,
          "user.authentication.auth_via_mfa", AuthActivity.MFA,
          "user.authentication.verify", AuthActivity.MFA,
          "user.mfa.okta_verify.deny_push", AuthActivity.MFA);

  /** Outcome results Okta documents: SUCCESS, FAILURE, SKIPPED, ALLOW, DENY, CHALLENGE, UNKNOWN. */
  private static final Set<String> KNOWN_RESULTS =
      Set.of("SUCCESS", "FAILURE", "SKIPPED", "ALLOW", "DENY", "CHALLENGE", "UNKNOWN");

  private OktaEventTypes() {}

  static Optional<AuthActivity> authActivity(String eventType) {
    AuthActivity exact = EXACT.get(eventType);
    if (exact != null) {
      return Optional.of(exact);
    }
    if (eventType.startsWith("user.authentication.")) {
      // sso, authenticate, auth_via_IDP, auth_via_radius, ...: a logon through another path
      return Optional.of(AuthActivity.LOGON);
    }
    return Optional.empty();
  }

  static boolean isMfa(String eventType) {
    return EXACT.get(eventType) == AuthActivity.MFA;
  }

  static AuthStatus status(String result) {
    if (result == null) {
      return AuthStatus.UNKNOWN;
    }
    return switch (result.toUpperCase(Locale.ROOT)) {
      case "SUCCESS", "ALLOW" -> AuthStatus.SUCCESS;
      case "FAILURE", "DENY" -> AuthStatus.FAILURE;
      default -> AuthStatus.UNKNOWN; // SKIPPED, CHALLENGE, UNKNOWN: neither success nor failure
    };
  }

  static boolean isKnownResult(String result) {
    return KNOWN_RESULTS.contains(result.toUpperCase(Locale.ROOT));
  }

  /** The event type's first two segments, e.g. {@code user.lifecycle}, as a coarse category. */
  static String category(String eventType) {
    String[] parts = eventType.split("\\.", 3);
    return parts.length >= 2 ? parts[0] + "." + parts[1] : parts[0];
  }
}
