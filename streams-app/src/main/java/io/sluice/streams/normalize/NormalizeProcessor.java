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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Runs each feed's mapper over its raw records: the shared checks (UTF-8, JSON objects, nothing
 * trailing, no API page), the feed's envelope reading, the mapper, the clock check, then dedup.
 *
 * <p>A Kafka record may hold several events: a batch of JSON objects (NDJSON, as {@code kcat -P}
 * sends a file and forwarders batch) or an envelope the feed unwraps ({@link FeedMapper#unwrap}).
 * Each event is counted as raw on its own and has exactly one outcome — a canonical record, a dead
 * letter (with its own bytes) or a counted duplicate — so raw events = canonical + DLQ +
 * duplicates. A record that cannot be split (garbage after an event, {@code trailing_data}) is one
 * raw event and one dead letter, whole.
 *
 * <p>An event's id is sha-256 of the source and the event's own bytes: the record's bytes when the
 * record is one document, the document's bytes (without the whitespace around it) in a batch, the
 * element's compact JSON in an envelope. The same event therefore gets the same id whether it
 * arrives alone or batched, and dedup sees a re-batched redelivery.
 *
 * <p>The clock check: a record's Kafka timestamp is when the connector fetched it (the producer's
 * create time), so an event time further than {@code maxFuture} ahead of it is a vendor or
 * forwarder clock gone wrong. Such a record goes to the DLQ as {@code future_time} and reaches no
 * rule, so it moves no clock (docs/dlq.md).
 *
 * <p>One processor serves every raw topic (the normaliser is one sub-topology, so a task holds
 * partition {@code p} of every raw topic and one dedup store): the record's topic picks its feed's
 * mapper and its feed's slots in the store ({@link EventIdDedup}).
 *
 * <p>Bad input is routed here, in the topology, rather than left to Kafka Streams' dead-letter
 * handler, so that {@code ./sluice replay} (TopologyTestDriver) and production route it the same
 * way. The headers match Kafka Streams' own DLQ headers.
 */
public final class NormalizeProcessor implements Processor<byte[], byte[], byte[], Normalized> {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /**
   * The {@code metadata.unmapped} key holding an event's position within its Kafka record, when the
   * record held several events ({@code raw_ref} names the record, this the event in it).
   */
  public static final String RAW_INDEX = "raw_ref.index";

  /** Name of the store remembering the event ids of every feed, each under its own prefix. */
  public static final String DEDUP_STORE = "dedup";

  /** How often slots older than the dedup window are deleted (wall-clock time). */
  private static final Duration EXPIRE_EVERY = Duration.ofMinutes(1);

  private final Map<String, FeedMapper> mappers;
  private final PipelineMetrics metrics;
  private final String dedupStore;
  private final Duration dedupWindow;
  private final long maxFutureMs;
  private final Map<String, Feed> feeds = new HashMap<>();
  private ProcessorContext<byte[], Normalized> context;

  /** A feed as this task runs it: its mapper and, with dedup on, its slots in the store. */
  private record Feed(FeedMapper mapper, EventIdDedup seen) {
    FeedDescriptor descriptor() {
      return mapper.descriptor();
    }
  }

  /**
   * @param feeds the feeds, one raw topic each
   * @param dedupStore name of the store remembering event ids ({@link EventIdDedup}), or null for
   *     no dedup
   * @param maxFuture how far an event time may be ahead of the record's Kafka timestamp
   */
  public NormalizeProcessor(
      List<FeedMapper> feeds,
      PipelineMetrics metrics,
      String dedupStore,
      Duration dedupWindow,
      Duration maxFuture) {
    Map<String, FeedMapper> byTopic = new LinkedHashMap<>();
    for (FeedMapper feed : feeds) {
      FeedMapper other = byTopic.put(feed.descriptor().rawTopic(), feed);
      if (other != null) {
        throw new IllegalArgumentException(
            "two feeds read raw topic " + feed.descriptor().rawTopic());
      }
    }
    this.mappers = byTopic;
    this.metrics = metrics;
    this.dedupStore = dedupStore;
    this.dedupWindow = dedupWindow;
    this.maxFutureMs = maxFuture.toMillis();
  }

  @Override
  public void init(ProcessorContext<byte[], Normalized> context) {
    this.context = context;
    KeyValueStore<Bytes, byte[]> store =
        dedupStore == null ? null : context.getStateStore(dedupStore);
    mappers.forEach(
        (topic, mapper) ->
            feeds.put(
                topic,
                new Feed(
                    mapper,
                    store == null
                        ? null
                        : new EventIdDedup(store, mapper.descriptor().source(), dedupWindow))));
    if (store != null) {
      context.schedule(
          EXPIRE_EVERY,
          PunctuationType.WALL_CLOCK_TIME,
          now -> feeds.values().forEach(f -> f.seen().expire()));
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String topic =
        context
            .recordMetadata()
            .map(RecordMetadata::topic)
            .orElseThrow(() -> new IllegalStateException("a raw record comes from a topic"));
    Feed feed = feeds.get(topic);
    if (feed == null) {
      throw new IllegalStateException("no feed reads topic " + topic);
    }
    metrics.rawKafkaRecord(feed.descriptor().source());
    RawDocuments.Split split = RawDocuments.split(record.value(), JSON);
    if (split.isRejected()) {
      metrics.rawRecord(feed.descriptor().source());
      deadLetter(feed, record, record.value(), split.rejection(), -1);
      return;
    }
    boolean batch = split.documents().size() > 1;
    int index = 0;
    for (RawDocuments.Document document : split.documents()) {
      int position = batch ? index : -1;
      Unwrap unwrap = unwrap(feed.mapper(), document.json());
      if (unwrap instanceof Unwrap.Elements elements) {
        for (JsonNode element : elements.events()) {
          event(feed, record, elementBytes(element), element, index++);
        }
      } else if (unwrap instanceof Unwrap.Rejected rejected) {
        metrics.rawRecord(feed.descriptor().source());
        deadLetter(feed, record, document.bytes(), rejected.reason(), position);
        index++;
      } else {
        event(feed, record, document.bytes(), document.json(), position);
        index++;
      }
    }
  }

  /** A page envelope first (any feed), then the feed's own reading of the document. */
  private static Unwrap unwrap(FeedMapper mapper, ObjectNode document) {
    Optional<DlqReason> page = PageEnvelopes.detect(document);
    if (page.isPresent()) {
      return Unwrap.rejected(page.get());
    }
    try {
      return mapper.unwrap(document);
    } catch (RuntimeException bug) {
      return Unwrap.rejected(DlqReason.mappingError(bug));
    }
  }

  /**
   * One event: counted as raw, mapped, checked (clock, dedup) and forwarded, or dead-lettered with
   * its own bytes.
   *
   * @param index the event's position in its Kafka record, or -1 when the record is this event
   */
  private void event(
      Feed feed, Record<byte[], byte[]> record, byte[] bytes, JsonNode json, int index) {
    String source = feed.descriptor().source();
    metrics.rawRecord(source);
    if (!(json instanceof ObjectNode object)) {
      deadLetter(
          feed,
          record,
          bytes,
          DlqReason.unknownShape(
              "an event of the envelope is a JSON " + json.getNodeType() + ", not an object"),
          index);
      return;
    }
    String eventId = EventIds.eventId(source, bytes);
    Mapping mapping;
    try {
      Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
      mapping = feed.mapper().map(new RawEvent(eventId, object, rawRef(), now));
    } catch (RuntimeException bug) {
      mapping = Mapping.rejected(DlqReason.mappingError(bug));
    }
    if (mapping instanceof Mapping.Mapped mapped) {
      EventMetadata metadata = CanonicalRecords.metadata(mapped.value());
      long eventTime = metadata.getTime().toEpochMilli();
      if (eventTime - record.timestamp() > maxFutureMs) {
        mapping =
            Mapping.rejected(
                DlqReason.futureTime(
                    Instant.ofEpochMilli(eventTime), Instant.ofEpochMilli(record.timestamp())));
      } else if (feed.seen() != null && feed.seen().isDuplicate(metadata.getEventId(), eventTime)) {
        metrics.duplicate(source);
        return;
      }
    }
    if (mapping instanceof Mapping.Mapped mapped) {
      EventMetadata metadata = CanonicalRecords.metadata(mapped.value());
      if (index >= 0) {
        Map<String, String> unmapped = new LinkedHashMap<String, String>();
        if (metadata.getUnmapped() != null) {
          unmapped.putAll(metadata.getUnmapped());
        }
        unmapped.put(RAW_INDEX, Integer.toString(index));
        metadata.setUnmapped(unmapped);
      }
      metrics.canonicalEvent(source, mapped.canonicalClass().ruleName());
      context.forward(
          new Record<>(
              mapped.key() == null ? null : mapped.key().getBytes(StandardCharsets.UTF_8),
              Normalized.canonical(source, mapped.canonicalClass(), mapped.value(), object),
              metadata.getTime().toEpochMilli(),
              new RecordHeaders()));
    } else {
      deadLetter(feed, record, bytes, ((Mapping.Rejected) mapping).reason(), index);
    }
  }

  private void deadLetter(
      Feed feed, Record<byte[], byte[]> record, byte[] bytes, DlqReason reason, int index) {
    metrics.deadLetter(feed.descriptor().source(), reason.code());
    Headers headers = dlqHeaders(record.headers(), feed.descriptor(), reason);
    if (index >= 0) {
      headers.add(DlqHeaders.EVENT_INDEX, utf8(Integer.toString(index)));
    }
    context.forward(
        record
            .withValue(Normalized.deadLetter(feed.descriptor().source(), bytes))
            .withHeaders(headers));
  }

  /** An envelope element's bytes: its compact JSON, the form a forwarder sends it alone in. */
  private static byte[] elementBytes(JsonNode element) {
    try {
      return JSON.writeValueAsBytes(element);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree always serialises", e);
    }
  }

  private RawRef rawRef() {
    RecordMetadata m = context.recordMetadata().orElseThrow();
    return new RawRef(m.topic(), m.partition(), m.offset());
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
}
