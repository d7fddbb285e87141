package io.sluice.connectors.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One fetched page: its records and the position to resume from once they are published.
 *
 * @param records the page's records in vendor order
 * @param next the checkpoint position that follows this page (opaque to the framework)
 * @param caughtUp true when the vendor has nothing newer right now, so the loop waits one poll
 *     interval before fetching {@code next}
 */
public record Page(List<RawRecord> records, String next, boolean caughtUp) {
  public Page {
    records = List.copyOf(records);
    Objects.requireNonNull(next, "next");
  }

  /** The newest event time on the page, if any record carries one. */
  public Optional<Instant> newestEventTime() {
    return records.stream()
        .map(RawRecord::eventTime)
        .filter(Objects::nonNull)
        .max(Comparator.naturalOrder());
  }
}
