package io.sluice.connectors.config;

/** Configuration an operator must fix; stops start-up with exit code 2 and this message. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
