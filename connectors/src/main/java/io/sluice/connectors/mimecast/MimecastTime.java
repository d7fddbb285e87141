package io.sluice.connectors.mimecast;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Mimecast's time strings: {@code 2021-10-16T14:45:34+0000}, an offset without a colon and no
 * fraction. Requests ({@code from}, {@code to}) are sent in the same spelling, in UTC.
 */
final class MimecastTime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter LENIENT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS][xx][XXX]");

  private MimecastTime() {}

  static String format(Instant instant) {
    return FORMAT.format(instant);
  }

  /** Parses Mimecast's spelling (and ISO with a colon or a {@code Z}); null when unreadable. */
  static Instant parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LENIENT.parse(value.trim(), java.time.OffsetDateTime::from).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(value.trim());
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }
}
