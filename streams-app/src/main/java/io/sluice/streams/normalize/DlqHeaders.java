package io.sluice.streams.normalize;

/**
 * Header names on {@code sluice.dlq}. The {@code __streams.errors.*} names are the ones Kafka
 * Streams' own dead-letter queue writes (KIP-1034), so records routed by Sluice's mappers and
 * records routed by Kafka Streams' exception handlers carry the same provenance headers.
 */
public final class DlqHeaders {
  public static final String SOURCE = "sluice.source";
  public static final String REASON = "sluice.reason";
  public static final String REASON_DETAIL = "sluice.reason.detail";

  /**
   * Position (from 0) of the event within its Kafka record, on dead letters of a record that held
   * several events (a batch or an envelope); absent when the record was one event.
   */
  public static final String EVENT_INDEX = "sluice.event.index";

  public static final String TOPIC = "__streams.errors.topic";
  public static final String PARTITION = "__streams.errors.partition";
  public static final String OFFSET = "__streams.errors.offset";
  public static final String EXCEPTION = "__streams.errors.exception";
  public static final String MESSAGE = "__streams.errors.message";

  private DlqHeaders() {}
}
