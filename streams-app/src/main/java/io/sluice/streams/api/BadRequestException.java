package io.sluice.streams.api;

/** A request parameter the API cannot accept: answered 400 with this message. */
public final class BadRequestException extends RuntimeException {
  public BadRequestException(String message) {
    super(message);
  }
}
