package io.sluice.streams.api;

/**
 * The risk store cannot answer now (rebalancing, restoring, or the owning instance unreachable):
 * the API answers 503 with {@code Retry-After}. The message is for operators and the client; it
 * never carries record content.
 */
public final class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreUnavailableException(String message) {
    super(message);
  }
}
