package io.sluice.connectors.config;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human forms used in flags and config: {@code 500ms}, {@code 30s}, {@code 14d}. */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 14d} or ISO-8601 ({@code PT30S}).
   */
  public static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          return Duration.ofMillis(n);
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        default:
          return Duration.ofDays(n);
      }
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (use e.g. 500ms, 30s, 5m, 2h, 14d or PT30S)");
    }
  }

  /**
   * A start time: a duration back from {@code now} ({@code 14d}), an instant ({@code
   * 2024-05-01T00:00:00Z}) or a UTC date ({@code 2024-05-01}).
   */
  public static Instant since(String text, Instant now) {
    String value = text.trim();
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException notInstant) {
      try {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        try {
          return now.minus(parse(value));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "'"
                  + text
                  + "' is not a start time (use e.g. 14d, 2024-05-01 or 2024-05-01T00:00:00Z)");
        }
      }
    }
  }
}
