package io.sluice.streams.normalize;

/**
 * Identity of one vendor feed: where its raw records live and how canonical records name it.
 *
 * @param source the name canonical records carry in {@code metadata.source}, e.g. {@code
 *     okta.system-log}
 * @param rawTopic e.g. {@code raw.okta.system-log}
 * @param timeField top-level JSON field holding the vendor event time, read by the timestamp
 *     extractor
 */
public record FeedDescriptor(
    String source, String rawTopic, String vendor, String product, String feed, String timeField) {}
