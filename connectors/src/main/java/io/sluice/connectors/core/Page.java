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
 * @param worthACommit false when a page without records moves the position only as far as a restart
 *     would cheaply get again (a time window re-read through its overlap): the loop moves on
 *     without a Kafka transaction
 */
public record Page(List<RawRecord> records, String next, boolean caughtUp, boolean worthACommit) {
  public Page {
    records = List.copyOf(records);
    Objects.requireNonNull(next, "next");
  }

  public Page(List<RawRecord> records, String next, boolean caughtUp) {
    this(records, next, caughtUp, true);
  }

  /** The newest event time on the page, if any record carries one. */
  public Optional<Instant> newestEventTime() {
    return records.stream()
        .map(RawRecord::eventTime)
        .filter(Objects::nonNull)
        .max(Comparator.naturalOrder());
  }
}
