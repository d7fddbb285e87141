package io.sluice.streams.config;

/** Configuration is wrong; the message names where the value came from, the key and the problem. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
