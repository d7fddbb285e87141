package io.sluice.connectors.mimecast;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.Json;
import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.HttpResult;
import io.sluice.connectors.http.VendorErrors;
import io.sluice.connectors.http.VendorErrors.Said;
import io.sluice.connectors.mimecast.MimecastEnvelope.Failure;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Mimecast's entries in the shared {@link VendorErrors} ladder, plus what only Mimecast has:
 * failures inside an HTTP 200. Decided from documented fields only: the HTTP status, {@code
 * meta.status}, the {@code retryable} flag of {@code fail[].errors[]} and the {@code
 * X-RateLimit-Reset} header. Mimecast's {@code code} strings ({@code err_xdk_binding_expired}, ...)
 * and their four-digit sub-codes are opaque: they are shown to the operator and decide nothing.
 *
 * <p>HTTP 200 does not mean success ("Function-level success or failure is indicated in the
 * response body content"), so a 200 whose {@code meta.status} is not 200 is classified by that
 * status, and a 200 with a non-empty {@code fail[]} by the flags: any {@code retryable:true} →
 * retryable; all {@code retryable:false} → permanent; no flag (API 2.0's flat items) → unknown,
 * retried up to the bound.
 *
 * <table>
 *   <caption>status → kind</caption>
 *   <tr><td>429 Quota Exceeded</td><td>rate limited, wait {@code X-RateLimit-Reset} ms</td></tr>
 *   <tr><td>401, 418 Binding/AccessKey Expired</td><td>authentication (stop)</td></tr>
 *   <tr><td>403</td><td>permanent: the API application lacks the permission (stop)</td></tr>
 *   <tr><td>400, 404, 405, 409</td><td>permanent: wrong request, path or region (stop)</td></tr>
 *   <tr><td>5xx</td><td>retryable</td></tr>
 *   <tr><td>anything else</td><td>unknown, retried up to the bound</td></tr>
 * </table>
 */
final class MimecastErrors {
  static final String CREDENTIALS_HINT =
      "Check MIMECAST_CLIENT_ID and MIMECAST_CLIENT_SECRET (or MIMECAST_CLIENT_SECRET_FILE)";

  static final VendorErrors LADDER =
      new VendorErrors(
          new VendorErrors.Policy(
              "Mimecast",
              new MimecastRateLimitHeaders(),
              Set.of(401, 418),
              "The credentials were rejected after a fresh token. " + CREDENTIALS_HINT,
              "The API application lacks the permission to read this log",
              Set.of(400, 404, 405, 409),
              "Check base.url (the account's region) and the connector's settings",
              body -> said(failuresOf(body))));

  private MimecastErrors() {}

  /** A response whose HTTP status is not 200. */
  static VendorException httpStatus(HttpResult result, Instant now) {
    return LADDER.classify(result, now);
  }

  /** A 200 that still failed ({@code meta.status} not 200, or a non-empty {@code fail[]}). */
  static Optional<VendorException> inBody(
      HttpResult result, MimecastEnvelope envelope, Instant now) {
    Integer meta = envelope.metaStatus();
    if (meta != null && meta != 200) {
      return Optional.of(
          LADDER.classify(
              result,
              meta,
              Integer.toString(meta),
              "HTTP 200 with meta.status " + meta,
              said(envelope.failures()),
              now));
    }
    List<Failure> failures = envelope.failures();
    if (failures.isEmpty()) {
      return Optional.empty();
    }
    ErrorKind kind;
    String why;
    if (failures.stream().anyMatch(f -> Boolean.TRUE.equals(f.retryable()))) {
      kind = ErrorKind.RETRYABLE;
      why = "";
    } else if (failures.stream().allMatch(f -> Boolean.FALSE.equals(f.retryable()))) {
      kind = ErrorKind.PERMANENT;
      why = ". Mimecast marks this as not retryable; check the connector's settings and access";
    } else {
      kind = ErrorKind.UNKNOWN;
      why = " (no retryable flag; retried up to retry.max.attempts)";
    }
    return Optional.of(
        new VendorException(
            kind,
            "200",
            failures.get(0).code(),
            result.where() + " answered HTTP 200 with fail[]: " + describe(failures) + why));
  }

  private static Said said(List<Failure> failures) {
    return failures.isEmpty()
        ? new Said(null, "no fail[] in the body")
        : new Said(failures.get(0).code(), "fail[]: " + describe(failures));
  }

  private static List<Failure> failuresOf(byte[] body) {
    ObjectNode root = Json.objectOrNull(body);
    return root == null ? List.of() : MimecastEnvelope.failures(root.get("fail"));
  }

  private static String describe(List<Failure> failures) {
    return failures.stream().limit(3).map(Failure::toString).collect(Collectors.joining("; "))
        + (failures.size() > 3 ? "; and " + (failures.size() - 3) + " more" : "");
  }
}
