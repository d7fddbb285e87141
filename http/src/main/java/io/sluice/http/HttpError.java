package io.sluice.http;

/**
 * Ends a request with a status and a JSON {@code {"error": message}} body. The message is written
 * by Sluice and never echoes request input.
 */
public class HttpError extends RuntimeException {
  private final int status;

  public HttpError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
