package io.sluice.streams.normalize;

import java.util.List;

/**
 * Identity of one vendor feed: where its raw records live and how canonical records name it.
 *
 * @param source the name canonical records carry in {@code metadata.source}, e.g. {@code
 *     okta.system-log}
 * @param rawTopic e.g. {@code raw.okta.system-log}
 * @param timeFields top-level JSON fields that may hold the vendor event time (the first present
 *     one wins), read by the timestamp extractor; several when a feed has several record shapes
 */
public record FeedDescriptor(
    String source,
    String rawTopic,
    String vendor,
    String product,
    String feed,
    List<String> timeFields) {

  public FeedDescriptor {
    timeFields = List.copyOf(timeFields);
  }
}
