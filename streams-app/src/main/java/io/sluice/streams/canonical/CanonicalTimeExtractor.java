package io.sluice.streams.canonical;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time for a canonical source: {@code metadata.time} of the record, not its Kafka timestamp.
 *
 * <p>Canonical topics are created with {@code message.timestamp.type=LogAppendTime}, so Kafka's
 * retention counts from when Sluice wrote a record, not from its event time: a backfill of events
 * older than the topic's retention would otherwise be deleted by the broker's next retention check,
 * before detection or any consumer had read it. Detection still runs in event time because it reads
 * that time from the record itself. A record without one (not a canonical record: it fails later
 * with a clear error) keeps its Kafka timestamp.
 */
public final class CanonicalTimeExtractor implements TimestampExtractor {
  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.value() instanceof SpecificRecord canonical
        && canonical.getSchema().getField("metadata") != null) {
      return CanonicalRecords.metadata(canonical).getTime().toEpochMilli();
    }
    return record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
  }
}
