package io.sluice.connectors.core;

import java.util.Locale;

/**
 * How the poll loop reacts to a failed page fetch. Decided per vendor from documented fields only
 * (HTTP status, Mimecast {@code retryable}, ...), never from the meaning of a vendor code number.
 */
public enum ErrorKind {
  /** Transient (5xx, timeouts, a truncated page): back off with jitter, retry up to a bound. */
  RETRYABLE,
  /** The vendor asked us to slow down and said for how long: wait, then retry. */
  RATE_LIMITED,
  /** The credentials were rejected even after a token refresh: stop, an operator must act. */
  AUTHENTICATION,
  /** Anything retrying cannot fix (403 scope, 400 bad request): stop, an operator must act. */
  PERMANENT,
  /** A status or code the vendor does not document: logged, retried up to the same bound. */
  UNKNOWN;

  /** The value of the {@code kind} label of {@code sluice_connector_errors_total}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean retryable() {
    return this == RETRYABLE || this == RATE_LIMITED || this == UNKNOWN;
  }
}
