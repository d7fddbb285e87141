package io.sluice.connectors.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A page fetch that failed, classified. Carries the vendor's own code and message (opaque strings,
 * logged as they are) and, for rate limits, how long the vendor asked us to wait.
 *
 * <p>Messages are built by the connector from status lines and vendor error bodies, never from
 * request headers, so a credential cannot end up in one.
 */
public class VendorException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final String status;
  private final String vendorCode;
  private final Duration retryAfter;

  public VendorException(
      ErrorKind kind,
      String status,
      String vendorCode,
      String message,
      Duration retryAfter,
      Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.status = status;
    this.vendorCode = vendorCode;
    this.retryAfter = retryAfter;
  }

  public VendorException(ErrorKind kind, String status, String vendorCode, String message) {
    this(kind, status, vendorCode, message, null, null);
  }

  /**
   * A checkpoint position this feed cannot read (hand-edited, or written by an older version):
   * permanent, since reading it again gives the same answer; the message says how to start over.
   */
  public static VendorException unreadablePosition(String source, RuntimeException cause) {
    return new VendorException(
        ErrorKind.PERMANENT,
        null,
        null,
        "the checkpoint position of "
            + source
            + " is not readable ("
            + cause.getMessage()
            + "); it may have been written by an older version: delete this connector's"
            + " checkpoint record to start again from since",
        null,
        cause);
  }

  public ErrorKind kind() {
    return kind;
  }

  /**
   * HTTP status (e.g. {@code "503"}) or a transport condition ({@code "io_error"}); may be null.
   */
  public String status() {
    return status;
  }

  /** The vendor's error code as sent (e.g. Okta {@code E0000047}); opaque, may be null. */
  public Optional<String> vendorCode() {
    return Optional.ofNullable(vendorCode);
  }

  /** How long the vendor asked us to wait (rate limits), when it said so. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
