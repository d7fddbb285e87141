package io.sluice.connectors.http;

import java.util.Objects;

/**
 * A credential. Its {@link #toString()} never shows the value, so a secret that ends up in a log
 * statement, an exception message or a debugger's view by mistake stays hidden; {@link #reveal()}
 * is called only where a request header or form is built.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("a secret must not be blank");
    }
    return new Secret(value);
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "Secret[****]";
  }
}
