package io.sluice.streams.normalize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.canonical.CanonicalClass;
import java.util.Set;

/**
 * Maps one vendor feed's raw JSON records to canonical records. One implementation per feed, in its
 * own package ({@code io.sluice.streams.normalize.<vendor>}); adding a feed touches no shared class
 * beyond registering the mapper in {@link FeedMappers}.
 *
 * <p>Implementations never throw for bad vendor data: they return {@link Mapping.Rejected} with a
 * {@link DlqReason}. An exception that escapes anyway is a bug; the processor still routes the
 * record to the DLQ ({@code mapping_error}) rather than stopping the stream thread.
 */
public interface FeedMapper {

  FeedDescriptor descriptor();

  /** The canonical classes this feed can produce (one output branch each). */
  Set<CanonicalClass> outputs();

  Mapping map(RawEvent event);

  /**
   * The events one raw JSON document holds. Most feeds' documents are one event each (the default);
   * a feed that accepts an envelope of several events returns them here, and the processor maps
   * each on its own (docs/dlq.md, "Records holding several events"). Never throws for bad vendor
   * data.
   */
  default Unwrap unwrap(ObjectNode document) {
    return Unwrap.single();
  }
}
