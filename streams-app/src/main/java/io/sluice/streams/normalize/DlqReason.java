package io.sluice.streams.normalize;

/**
 * Why a raw record went to {@code sluice.dlq}. The code is a small documented vocabulary (see
 * docs/dlq.md) so operators can alert and count by it; the detail is free text for humans.
 *
 * @param code one of {@code not_json}, {@code not_utf8}, {@code unknown_shape}, {@code
 *     missing_field:<name>}, {@code bad_time}, {@code future_time}, {@code bad_value:<name>},
 *     {@code page_envelope}, {@code trailing_data}, {@code mapping_error}
 * @param detail a human-readable explanation (never contains a secret: it describes vendor data)
 */
public record DlqReason(String code, String detail) {

  public static DlqReason notJson(String detail) {
    return new DlqReason("not_json", detail);
  }

  public static DlqReason notUtf8() {
    return new DlqReason("not_utf8", "value is not valid UTF-8");
  }

  public static DlqReason unknownShape(String detail) {
    return new DlqReason("unknown_shape", detail);
  }

  public static DlqReason missingField(String field) {
    return new DlqReason("missing_field:" + field, "required field '" + field + "' is missing");
  }

  public static DlqReason badTime(String field, String value) {
    return new DlqReason(
        "bad_time", "field '" + field + "' is not a time Sluice can read: " + abbreviate(value));
  }

  /** The event time is implausibly far ahead of when the record was fetched (its Kafka time). */
  public static DlqReason futureTime(java.time.Instant eventTime, java.time.Instant fetched) {
    return new DlqReason(
        "future_time",
        "event time "
            + eventTime
            + " is "
            + java.time.Duration.between(fetched, eventTime).toMinutes()
            + " min after the record's Kafka timestamp "
            + fetched
            + " (more than time.max-future): a bad clock");
  }

  public static DlqReason badValue(String field, String detail) {
    return new DlqReason("bad_value:" + field, detail);
  }

  /**
   * A whole API response (or a file of the vendor's) arrived as one record where the feed expects
   * one event per record: the detail says which shape was recognised and what to publish instead.
   */
  public static DlqReason pageEnvelope(String detail) {
    return new DlqReason("page_envelope", detail);
  }

  /**
   * Bytes after a complete JSON document that are not another JSON object: a truncated batch or a
   * forwarder's garbage. The whole record is rejected so that nothing is mapped from half of it.
   */
  public static DlqReason trailingData(String detail) {
    return new DlqReason("trailing_data", detail);
  }

  public static DlqReason mappingError(Throwable error) {
    return new DlqReason("mapping_error", error.getClass().getSimpleName());
  }

  private static String abbreviate(String value) {
    if (value == null) {
      return "null";
    }
    return value.length() <= 64 ? value : value.substring(0, 64) + "…";
  }
}
