package io.sluice.streams.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What one raw JSON document holds, as a feed reads it ({@link FeedMapper#unwrap}): itself as one
 * event (every feed's usual case), the events of an envelope the feed accepts (Azure Monitor's
 * {@code {"records":[…]}} on the Entra topic), or a reason the whole document goes to the DLQ.
 *
 * <p>Each element of an envelope becomes an event of its own: its own event id (from its own
 * bytes), its own dedup check, clock check and DLQ outcome.
 */
public sealed interface Unwrap {

  /** The document is one event. */
  record Single() implements Unwrap {}

  /**
   * The document is an envelope of these events (each should be a JSON object; one that is not goes
   * to the DLQ on its own as {@code unknown_shape}).
   */
  record Elements(List<JsonNode> events) implements Unwrap {
    public Elements {
      events = List.copyOf(events);
    }
  }

  /** The document cannot be read as events at all. */
  record Rejected(DlqReason reason) implements Unwrap {}

  static Unwrap single() {
    return new Single();
  }

  static Unwrap elements(List<JsonNode> events) {
    return new Elements(events);
  }

  static Unwrap rejected(DlqReason reason) {
    return new Rejected(reason);
  }
}
