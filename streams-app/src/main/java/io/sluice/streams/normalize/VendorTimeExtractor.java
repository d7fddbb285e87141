package io.sluice.streams.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time for a raw feed from the vendor's own time field, falling back to the record timestamp
 * when the field is absent or unreadable (the mapper then sends such a record to the DLQ as {@code
 * bad_time} or {@code missing_field}; this extractor only decides stream time).
 *
 * <p>It streams over the top-level fields and stops at the time field, so it costs a fraction of
 * the full parse the mapper does afterwards.
 */
public final class VendorTimeExtractor implements TimestampExtractor {
  private static final JsonFactory JSON = new JsonFactory();

  private final List<String> timeFields;

  public VendorTimeExtractor(List<String> timeFields) {
    this.timeFields = List.copyOf(timeFields);
  }

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    long fallback = record.timestamp() >= 0 ? record.timestamp() : Math.max(partitionTime, 0);
    if (!(record.value() instanceof byte[] bytes)) {
      return fallback;
    }
    return timeOf(bytes).map(Instant::toEpochMilli).orElse(fallback);
  }

  /** The vendor time of a raw record, if its top-level time field is present and readable. */
  public Optional<Instant> timeOf(byte[] value) {
    try (JsonParser parser = JSON.createParser(value)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken valueToken = parser.nextToken();
        if (timeFields.contains(name)) {
          if (valueToken == JsonToken.VALUE_STRING) {
            return VendorTime.parse(parser.getText());
          }
          if (valueToken == JsonToken.VALUE_NUMBER_INT) {
            return VendorTime.ofEpochMillis(parser.getLongValue());
          }
          continue; // present but null or of another type: a later time field may still match
        }
        parser.skipChildren();
      }
      return Optional.empty();
    } catch (IOException | RuntimeException malformed) {
      // not JSON (or not UTF-8): the mapper reports it; stream time falls back to the record's
      return Optional.empty();
    }
  }
}
