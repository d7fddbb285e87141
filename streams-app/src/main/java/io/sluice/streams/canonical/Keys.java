package io.sluice.streams.canonical;

import java.util.Locale;

/**
 * One normalisation for every entity key, so that a user's Okta failures, Entra sign-ins and
 * Mimecast clicks meet under one key.
 */
public final class Keys {
  private Keys() {}

  /**
   * Trims, drops control characters (a key ends up in alerts and SIEM log lines), removes angle
   * brackets around an address and lower-cases (Locale.ROOT) an account name or e-mail address;
   * null or blank gives null.
   */
  public static String normalize(String value) {
    if (value == null) {
      return null;
    }
    String trimmed =
        hasControl(value)
            ? value
                .codePoints()
                .filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .strip()
            : value.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    if (trimmed.startsWith("<") && trimmed.endsWith(">") && trimmed.length() > 2) {
      trimmed = trimmed.substring(1, trimmed.length() - 1).strip();
    }
    return trimmed.toLowerCase(Locale.ROOT);
  }

  private static boolean hasControl(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
