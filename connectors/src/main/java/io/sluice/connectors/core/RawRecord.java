package io.sluice.connectors.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One vendor record as it will land on its raw topic.
 *
 * @param key the vendor's event id (Okta {@code uuid}), or null when the vendor has none
 * @param value the record's JSON exactly as the vendor sent it, UTF-8
 * @param eventTime the vendor's event time when the record has one (for the lag gauge), else null
 */
public record RawRecord(String key, byte[] value, Instant eventTime) {
  public RawRecord {
    Objects.requireNonNull(value, "value");
  }
}
