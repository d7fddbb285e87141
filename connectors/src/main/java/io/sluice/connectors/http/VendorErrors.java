package io.sluice.connectors.http;

import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.VendorException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The one status → error-class ladder of every vendor, written once (as debezium's {@code
 * ErrorHandler} is, with a small vendor override): what differs per vendor is data, passed in as a
 * {@link Policy}. Decisions use documented fields only (the HTTP status, or the status a vendor
 * documents inside a 200); the vendor's own codes and messages are opaque and only shown.
 *
 * <ol>
 *   <li>429 → {@link ErrorKind#RATE_LIMITED}, waiting as long as the vendor's headers say
 *   <li>the vendor's authentication statuses (401, Mimecast also 418) → {@link
 *       ErrorKind#AUTHENTICATION}, with the variables to check
 *   <li>403 → {@link ErrorKind#PERMANENT}, with the permission to grant
 *   <li>the vendor's bad-request statuses (400, 404, 405; Mimecast also 409) → {@link
 *       ErrorKind#PERMANENT}, with the settings to check
 *   <li>5xx → {@link ErrorKind#RETRYABLE}
 *   <li>anything else → {@link ErrorKind#UNKNOWN}, retried up to the bound
 * </ol>
 */
public final class VendorErrors {
  private final Policy policy;

  public VendorErrors(Policy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /**
   * What an error body said, for the operator: the vendor's code (opaque) and a readable summary.
   *
   * @param summary e.g. {@code "E0000011 Invalid token provided (errorId oae…)"}
   */
  public record Said(String code, String summary) {
    public static final Said NOTHING = new Said(null, null);
  }

  /**
   * A vendor's specifics.
   *
   * @param vendor the name in messages ("a status Okta does not document here")
   * @param rateLimit reads the wait from a 429's headers, in the vendor's units
   * @param authentication statuses that mean the credentials were refused
   * @param authenticationHint what to check then (variables, never values)
   * @param permissionHint what a 403 lacks
   * @param badRequest statuses that mean the request itself is wrong
   * @param badRequestHint what to check then (settings)
   * @param body reads an error body; must not throw (bodies may be empty, HTML or cut off)
   */
  public record Policy(
      String vendor,
      RateLimitHeaders rateLimit,
      Set<Integer> authentication,
      String authenticationHint,
      String permissionHint,
      Set<Integer> badRequest,
      String badRequestHint,
      Function<byte[], Said> body) {
    public Policy {
      authentication = Set.copyOf(authentication);
      badRequest = Set.copyOf(badRequest);
    }
  }

  /** A response whose HTTP status is not success. */
  public VendorException classify(HttpResult result, Instant now) {
    int status = result.status();
    Said said = policy.body().apply(result.body());
    return classify(result, status, Integer.toString(status), "HTTP " + status, said, now);
  }

  /**
   * A failure whose status is {@code status}: the HTTP status, or one a vendor documents inside an
   * HTTP 200 (Mimecast {@code meta.status}, CrowdStrike {@code errors[].code}).
   *
   * @param label the {@code status} of the exception (e.g. {@code "200"} for a failure in a 200)
   * @param answered how the vendor answered, e.g. {@code "HTTP 200 with meta.status 401"}
   */
  public VendorException classify(
      HttpResult result, int status, String label, String answered, Said said, Instant now) {
    String where =
        result.where()
            + " answered "
            + answered
            + ": "
            + (said.summary() == null || said.summary().isBlank()
                ? "no " + policy.vendor() + " error body"
                : said.summary().trim());
    String code = said.code();
    if (status == 429) {
      Duration wait = policy.rateLimit().retryAfter(result.headers(), now).orElse(null);
      return new VendorException(ErrorKind.RATE_LIMITED, label, code, where, wait, null);
    }
    if (policy.authentication().contains(status)) {
      return new VendorException(
          ErrorKind.AUTHENTICATION, label, code, where + ". " + policy.authenticationHint());
    }
    if (status == 403) {
      return new VendorException(
          ErrorKind.PERMANENT, label, code, where + ". " + policy.permissionHint());
    }
    if (policy.badRequest().contains(status)) {
      return new VendorException(
          ErrorKind.PERMANENT, label, code, where + ". " + policy.badRequestHint());
    }
    if (status >= 500 && status <= 599) {
      return new VendorException(ErrorKind.RETRYABLE, label, code, where);
    }
    return new VendorException(
        ErrorKind.UNKNOWN,
        label,
        code,
        where + " (a status " + policy.vendor() + " does not document here)");
  }

  /** {@code a b (c)} from the parts that are present. */
  public static String summary(String code, String message, String reference) {
    StringBuilder text = new StringBuilder();
    if (code != null) {
      text.append(code).append(' ');
    }
    if (message != null) {
      text.append(message);
    }
    if (reference != null) {
      text.append(" (").append(reference).append(')');
    }
    String out = text.toString().trim();
    return out.isEmpty() ? null : out;
  }
}
