package io.sluice.streams.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.EventMetadata;
import io.sluice.schemas.RawRef;
import io.sluice.streams.canonical.CanonicalRecords;
import io.sluice.streams.canonical.EventIds;
import io.sluice.streams.metrics.PipelineMetrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs one feed's mapper over raw records: the shared checks (UTF-8, JSON object), the mapper, the
 * clock check, then dedup. Every input record produces exactly one outcome — a canonical record, a
 * dead letter, or a counted duplicate — so raw = canonical + DLQ + duplicates.
 *
 * <p>The clock check: a record's Kafka timestamp is when the connector fetched it (the producer's
 * create time), so an event time further than {@code maxFuture} ahead of it is a vendor or
 * forwarder clock gone wrong. Such a record goes to the DLQ as {@code future_time} and reaches no
 * rule, so it moves no clock (docs/dlq.md).
 *
 * <p>Bad input is routed here, in the topology, rather than left to Kafka Streams' dead-letter
 * handler, so that {@code ./sluice replay} (TopologyTestDriver) and production route it the same
 * way. The headers match Kafka Streams' own DLQ headers.
 */
public final class NormalizeProcessor implements Processor<byte[], byte[], byte[], Normalized> {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /** How often slots older than the dedup window are deleted (wall-clock time). */
  private static final Duration EXPIRE_EVERY = Duration.ofMinutes(1);

  private final FeedMapper mapper;
  private final PipelineMetrics metrics;
  private final String dedupStore;
  private final Duration dedupWindow;
  private final long maxFutureMs;
  private ProcessorContext<byte[], Normalized> context;
  private EventIdDedup seen;

  /**
   * @param dedupStore name of the store remembering event ids ({@link EventIdDedup}), or null for
   *     no dedup
   * @param maxFuture how far an event time may be ahead of the record's Kafka timestamp
   */
  public NormalizeProcessor(
      FeedMapper mapper,
      PipelineMetrics metrics,
      String dedupStore,
      Duration dedupWindow,
      Duration maxFuture) {
    this.mapper = mapper;
    this.metrics = metrics;
    this.dedupStore = dedupStore;
    this.dedupWindow = dedupWindow;
    this.maxFutureMs = maxFuture.toMillis();
  }

  /** Store name for a feed's dedup window store. */
  public static String dedupStoreName(FeedDescriptor feed) {
    return "dedup-" + feed.source();
  }

  @Override
  public void init(ProcessorContext<byte[], Normalized> context) {
    this.context = context;
    if (dedupStore != null) {
      KeyValueStore<Long, long[]> store = context.getStateStore(dedupStore);
      this.seen = new EventIdDedup(store, dedupWindow);
      context.schedule(EXPIRE_EVERY, PunctuationType.WALL_CLOCK_TIME, now -> seen.expire());
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    FeedDescriptor feed = mapper.descriptor();
    metrics.rawRecord(feed.source());
    String eventId = EventIds.eventId(feed.source(), record.value());
    Parsed outcome;
    try {
      outcome = map(record, eventId);
    } catch (RuntimeException bug) {
      outcome = Parsed.rejected(DlqReason.mappingError(bug));
    }
    Mapping mapping = outcome.mapping();
    if (mapping instanceof Mapping.Mapped mapped) {
      EventMetadata metadata = CanonicalRecords.metadata(mapped.value());
      long eventTime = metadata.getTime().toEpochMilli();
      if (eventTime - record.timestamp() > maxFutureMs) {
        mapping =
            Mapping.rejected(
                DlqReason.futureTime(
                    Instant.ofEpochMilli(eventTime), Instant.ofEpochMilli(record.timestamp())));
      } else if (seen != null && seen.isDuplicate(metadata.getEventId(), eventTime)) {
        metrics.duplicate(feed.source());
        return;
      }
    }
    if (mapping instanceof Mapping.Mapped mapped) {
      metrics.canonicalEvent(feed.source(), mapped.canonicalClass().ruleName());
      long eventTime = CanonicalRecords.metadata(mapped.value()).getTime().toEpochMilli();
      context.forward(
          new Record<>(
              mapped.key() == null ? null : mapped.key().getBytes(StandardCharsets.UTF_8),
              Normalized.canonical(mapped.canonicalClass(), mapped.value(), outcome.json()),
              eventTime,
              new RecordHeaders()));
    } else {
      DlqReason reason = ((Mapping.Rejected) mapping).reason();
      metrics.deadLetter(feed.source(), reason.code());
      context.forward(
          record
              .withValue(Normalized.deadLetter(record.value()))
              .withHeaders(dlqHeaders(record.headers(), feed, reason)));
    }
  }

  /** A mapping, with the vendor record it was made from when that parsed as a JSON object. */
  private record Parsed(Mapping mapping, ObjectNode json) {
    static Parsed rejected(DlqReason reason) {
      return new Parsed(Mapping.rejected(reason), null);
    }
  }

  private Parsed map(Record<byte[], byte[]> record, String eventId) {
    byte[] value = record.value();
    if (value == null || value.length == 0) {
      return Parsed.rejected(DlqReason.notJson("empty value"));
    }
    if (!isUtf8(value)) {
      return Parsed.rejected(DlqReason.notUtf8());
    }
    JsonNode json;
    try {
      json = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      return Parsed.rejected(DlqReason.notJson(e.getOriginalMessage()));
    } catch (IOException e) {
      return Parsed.rejected(DlqReason.notJson(e.getClass().getSimpleName()));
    }
    if (json == null || !json.isObject()) {
      return Parsed.rejected(
          DlqReason.unknownShape(
              "expected a JSON object, got " + (json == null ? "nothing" : json.getNodeType())));
    }
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    ObjectNode object = (ObjectNode) json;
    return new Parsed(mapper.map(new RawEvent(eventId, object, rawRef(), now)), object);
  }

  private RawRef rawRef() {
    return context
        .recordMetadata()
        .map(m -> new RawRef(m.topic(), m.partition(), m.offset()))
        .orElse(new RawRef(mapper.descriptor().rawTopic(), -1, -1L));
  }

  private Headers dlqHeaders(Headers original, FeedDescriptor feed, DlqReason reason) {
    Headers headers = new RecordHeaders(original.toArray());
    headers.add(DlqHeaders.SOURCE, utf8(feed.source()));
    headers.add(DlqHeaders.REASON, utf8(reason.code()));
    headers.add(DlqHeaders.REASON_DETAIL, utf8(reason.detail()));
    RecordMetadata metadata = context.recordMetadata().orElse(null);
    headers.add(DlqHeaders.TOPIC, utf8(metadata == null ? feed.rawTopic() : metadata.topic()));
    headers.add(
        DlqHeaders.PARTITION, utf8(metadata == null ? "-1" : String.valueOf(metadata.partition())));
    headers.add(
        DlqHeaders.OFFSET, utf8(metadata == null ? "-1" : String.valueOf(metadata.offset())));
    return headers;
  }

  private static byte[] utf8(String text) {
    return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean isUtf8(byte[] value) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
