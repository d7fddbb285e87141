package io.sluice.http;

import java.util.Locale;
import java.util.Optional;

/**
 * Refuses request targets no Sluice route needs and that path tricks rely on: dot segments ({@code
 * ..}, also percent-encoded), encoded slashes and backslashes, control and NUL characters, broken
 * percent-encoding and over-long targets. Pure, so every rule is unit-tested.
 */
public final class PathCheck {
  /** Longer than any route plus an e-mail address; longer targets are refused, not cut. */
  public static final int MAX_TARGET_LENGTH = 2048;

  private PathCheck() {}

  /**
   * @param rawPath the path as sent (not decoded)
   * @param rawQuery the query as sent, may be null
   * @return the problem, or empty when the target is acceptable
   */
  public static Optional<String> problem(String rawPath, String rawQuery) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return Optional.of("path must start with /");
    }
    int length = rawPath.length() + (rawQuery == null ? 0 : rawQuery.length() + 1);
    if (length > MAX_TARGET_LENGTH) {
      return Optional.of("request target longer than " + MAX_TARGET_LENGTH + " characters");
    }
    String lower = rawPath.toLowerCase(Locale.ROOT);
    if (lower.contains("%2f") || lower.contains("%5c") || rawPath.indexOf('\\') >= 0) {
      return Optional.of("encoded slashes and backslashes are not allowed in paths");
    }
    if (badPercentEncoding(rawPath) || (rawQuery != null && badPercentEncoding(rawQuery))) {
      return Optional.of("request target is not validly percent-encoded");
    }
    if (hasControl(rawPath) || (rawQuery != null && hasControl(rawQuery))) {
      return Optional.of("control characters are not allowed");
    }
    for (String segment : rawPath.split("/", -1)) {
      String decoded = segment.toLowerCase(Locale.ROOT).replace("%2e", ".");
      if (decoded.equals(".") || decoded.equals("..")) {
        return Optional.of("dot segments are not allowed in paths");
      }
    }
    return Optional.empty();
  }

  private static boolean badPercentEncoding(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) == '%') {
        if (i + 2 >= raw.length() || !hex(raw.charAt(i + 1)) || !hex(raw.charAt(i + 2))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  /** Raw control characters, and percent-encoded ones (%00–%1F, %7F). */
  private static boolean hasControl(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (Character.isISOControl(c)) {
        return true;
      }
      if (c == '%' && i + 2 < raw.length()) {
        int value =
            Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16);
        if (value >= 0 && (value < 0x20 || value == 0x7f)) {
          return true;
        }
      }
    }
    return false;
  }
}
