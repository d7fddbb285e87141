package io.sluice.streams.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * Parses the time formats vendors use: ISO-8601 instants ({@code 2024-05-02T20:18:57.718Z}, Okta,
 * Graph with 7 fractional digits), offsets with or without a colon ({@code
 * 2024-11-14T19:44:02+0000}, Mimecast) and epoch milliseconds (Mimecast SIEM 2.0).
 *
 * <p>Nothing here falls back to "now": a time that cannot be read is empty, and the record goes to
 * the DLQ as {@code bad_time}.
 */
public final class VendorTime {
  private static final DateTimeFormatter OFFSET_NO_COLON =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .appendPattern("[XX][X]")
          .toFormatter()
          .withResolverStyle(ResolverStyle.STRICT); // 2024-02-30 is a bad time, not 02-29

  /** Plausible event times only: a year 1970 or 2300 timestamp is a vendor bug, not an event. */
  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  private VendorTime() {}

  /**
   * A record's event time, or the reason it cannot be had.
   *
   * @param rejection null when {@code instant} is set
   */
  public record Read(Instant instant, DlqReason rejection) {
    public boolean isRejected() {
      return rejection != null;
    }
  }

  /**
   * The event time in the first of {@code fields} that is present: unreadable → {@code bad_time}
   * (the other fields are not tried: a present but broken time is a vendor bug to see), none
   * present → {@code missing_field:<first field>}.
   */
  public static Read read(JsonNode json, String... fields) {
    for (String field : fields) {
      String text = Json.text(json, field);
      if (text != null) {
        return parse(text)
            .map(instant -> new Read(instant, null))
            .orElseGet(() -> new Read(null, DlqReason.badTime(field, text)));
      }
    }
    return new Read(null, DlqReason.missingField(fields[0]));
  }

  public static Optional<Instant> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String value = text.strip();
    Instant parsed = CommonIso.parse(value); // the shape nearly every vendor record has
    if (parsed == null && value.chars().allMatch(Character::isDigit) && value.length() <= 15) {
      parsed = Instant.ofEpochMilli(Long.parseLong(value));
    }
    return parsed == null ? viaFormatters(value) : plausible(parsed);
  }

  /** The formatters' reading: every ISO-8601 variant they accept, at their cost. */
  static Optional<Instant> viaFormatters(String value) {
    Instant parsed;
    try {
      parsed = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException notIso) {
      try {
        parsed = OffsetDateTime.parse(value, OFFSET_NO_COLON).toInstant();
      } catch (DateTimeParseException notCompact) {
        return Optional.empty();
      }
    }
    return plausible(parsed);
  }

  private static Optional<Instant> plausible(Instant parsed) {
    return parsed.isBefore(EARLIEST) || parsed.isAfter(LATEST)
        ? Optional.empty()
        : Optional.of(parsed);
  }

  public static Optional<Instant> ofEpochMillis(long millis) {
    return plausible(Instant.ofEpochMilli(millis));
  }
}
