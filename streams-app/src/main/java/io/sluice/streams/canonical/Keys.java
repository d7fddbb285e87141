package io.sluice.streams.canonical;

import java.util.Locale;

/**
 * One normalisation for every entity key, so that a user's Okta failures, Entra sign-ins and
 * Mimecast clicks meet under one key.
 */
public final class Keys {
  private Keys() {}

  /** Trims and lower-cases (Locale.ROOT) an account name or e-mail address; null stays null. */
  public static String normalize(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      return null;
    }
    if (trimmed.startsWith("<") && trimmed.endsWith(">") && trimmed.length() > 2) {
      trimmed = trimmed.substring(1, trimmed.length() - 1).strip();
    }
    return trimmed.toLowerCase(Locale.ROOT);
  }
}
