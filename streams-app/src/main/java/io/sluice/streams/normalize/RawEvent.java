package io.sluice.streams.normalize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.EventMetadata;
import io.sluice.schemas.RawRef;
import java.time.Instant;
import java.util.Map;

/**
 * A raw vendor record after the shared checks (valid UTF-8 JSON object), with what every mapper
 * needs to fill {@link EventMetadata}.
 *
 * @param eventId sha-256 of source and raw bytes (docs/design.md §4), the dedup key
 * @param json the parsed vendor record
 * @param rawRef where the raw record is stored
 * @param ingestTime processing time
 */
public record RawEvent(String eventId, ObjectNode json, RawRef rawRef, Instant ingestTime) {

  /** Builds the metadata block common to every canonical record. */
  public EventMetadata metadata(
      FeedDescriptor feed, Instant eventTime, String vendorUid, Map<String, String> unmapped) {
    return EventMetadata.newBuilder()
        .setEventId(eventId)
        .setSource(feed.source())
        .setVendor(feed.vendor())
        .setProduct(feed.product())
        .setFeed(feed.feed())
        .setTime(eventTime)
        .setIngestTime(ingestTime)
        .setVendorUid(vendorUid)
        .setRawRef(rawRef)
        .setUnmapped(unmapped)
        .build();
  }
}
