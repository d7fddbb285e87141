package io.sluice.streams.normalize.entra;

import io.sluice.schemas.AuthStatus;
import java.util.Map;
import java.util.Optional;

/**
 * The sign-in outcome table (docs/feeds/entra-signins.md): {@code status.errorCode} → status and a
 * short description. Codes come from Microsoft's "Microsoft Entra authentication and authorization
 * error codes" page; a code that is not listed here is not guessed (no numeric ranges: Microsoft
 * says the codes change and must not be interpreted by number).
 */
final class AadstsCodes {

  /** One row of the table. */
  record Outcome(AuthStatus status, String description) {}

  static final Outcome SUCCESS = new Outcome(AuthStatus.SUCCESS, null);

  private static final Map<Long, Outcome> TABLE =
      Map.ofEntries(
          failure(50126, "Invalid username or password"),
          failure(50053, "Account locked (smart lockout) or sign-in blocked from a malicious IP"),
          failure(50057, "User account is disabled"),
          failure(50055, "Password is expired"),
          failure(50144, "On-premises Active Directory password is expired"),
          failure(50056, "Invalid or null password"),
          failure(50064, "Credential validation on username or password failed"),
          failure(50034, "User account not found in the directory"),
          failure(51004, "User account not in the directory"),
          failure(50020, "User from an external identity provider does not exist in the tenant"),
          // 50074 is named ...Interrupt by Microsoft; the issue puts it in the failure table.
          failure(50074, "Strong authentication (MFA) required; the MFA challenge was not passed"),
          failure(50076, "Strong authentication (MFA) required"),
          failure(50079, "MFA registration required"),
          failure(500121, "Authentication failed during strong authentication (MFA) request"),
          failure(50158, "External security challenge was not satisfied"),
          failure(53003, "Blocked by Conditional Access"),
          failure(53000, "Conditional Access requires a compliant device"),
          failure(53001, "Conditional Access requires a domain-joined device"),
          failure(50131, "Conditional Access failed"),
          failure(530032, "Blocked by a tenant security policy"),
          failure(50105, "User is not assigned to a role for the application"),
          failure(50173, "Grant revoked; a fresh sign-in is needed"),
          failure(50133, "Session invalid due to password expiration or recent password change"),
          failure(70043, "Session expired or invalid due to Conditional Access sign-in frequency"),
          failure(70044, "Session expired or invalid due to Conditional Access sign-in frequency"),
          failure(700016, "Application not found in the directory"),
          failure(90094, "Administrator consent is required"),
          interrupt(50140, "Keep me signed in interrupt"),
          interrupt(50125, "Sign-in interrupted by password reset or password registration"),
          interrupt(50072, "User must enroll for second factor authentication (interrupt)"),
          interrupt(50199, "User confirmation required (CMSI interrupt)"));

  private AadstsCodes() {}

  /**
   * The outcome of a numeric error code: 0 is success, a listed code its row, anything else empty.
   */
  static Optional<Outcome> outcome(long errorCode) {
    if (errorCode == 0) {
      return Optional.of(SUCCESS);
    }
    return Optional.ofNullable(TABLE.get(errorCode));
  }

  private static Map.Entry<Long, Outcome> failure(long code, String description) {
    return Map.entry(code, new Outcome(AuthStatus.FAILURE, description));
  }

  /** Interrupts are steps of a sign-in still in progress: neither success nor failure. */
  private static Map.Entry<Long, Outcome> interrupt(long code, String description) {
    return Map.entry(code, new Outcome(AuthStatus.UNKNOWN, description));
  }
}
