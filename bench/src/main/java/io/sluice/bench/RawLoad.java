package io.sluice.bench;

import io.sluice.sandbox.traffic.MixedTraffic;
import io.sluice.streams.canonical.EventIds;
import io.sluice.streams.normalize.FeedMapper;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes {@link MixedTraffic} into the raw topics as the connectors write it ({@code
 * KafkaPagePublisher}): key = the vendor event id, value = the vendor JSON as-is, the three {@code
 * sluice.*} headers, zstd, linger 20 ms, one transaction per page of one feed (what one poll every
 * 5 minutes of event time fetched, at most 1,000 records), Kafka timestamp = the page's fetch time
 * (2 minutes after its newest event time). Also loads {@link MixedTraffic#VIP} into {@code
 * reference.vip-users}, and remembers the event id each record must have in its canonical topic.
 */
final class RawLoad {
  /** What the connectors' pages hold at most (Okta's and Mimecast's page limit). */
  static final int PAGE = 1_000;

  /** How long after its event time a record is fetched: a connector polling every few minutes. */
  static final Duration FETCH_DELAY = Duration.ofMinutes(2);

  /** A connector's poll interval: a page holds what one poll fetched, at most {@link #PAGE}. */
  static final Duration POLL = Duration.ofMinutes(5);

  private static final Map<String, String> SOURCE_OF_TOPIC = new HashMap<>();

  static {
    for (FeedMapper m : FeedMappers.all()) {
      SOURCE_OF_TOPIC.put(m.descriptor().rawTopic(), m.descriptor().source());
    }
  }

  /**
   * @param perTopic raw records per topic
   * @param eventIds the expected canonical event ids (first 64 bits, sorted)
   * @param bytes total bytes of the raw values
   */
  record Loaded(Map<String, Integer> perTopic, long[] eventIds, long bytes) {
    int records() {
      return eventIds.length;
    }

    boolean expects(String eventId) {
      return Arrays.binarySearch(eventIds, fingerprint(eventId)) >= 0;
    }
  }

  private RawLoad() {}

  /** The connectors' producer settings (bootstrap and security from {@code cluster}). */
  static Map<String, Object> producerConfig(Cluster cluster) {
    Map<String, Object> config = cluster.clientConfig();
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    return config;
  }

  static Loaded preload(Cluster cluster, MixedTraffic.Traffic traffic) {
    loadVip(cluster);
    Map<String, Object> config = producerConfig(cluster);
    config.put(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, Cluster.PREFIX + "load-" + UUID.randomUUID());
    long[] ids = new long[traffic.records().size()];
    long bytes = 0;
    int n = 0;
    // each feed's records in pages of its own, as each connector fetches and commits them
    Map<String, List<MixedTraffic.RawRecord>> pages = new LinkedHashMap<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      producer.initTransactions();
      for (MixedTraffic.RawRecord r : traffic.records()) {
        List<MixedTraffic.RawRecord> page =
            pages.computeIfAbsent(r.topic(), t -> new ArrayList<>(PAGE));
        if (!page.isEmpty() && r.time().isAfter(page.get(0).time().plus(POLL))) {
          for (ProducerRecord<byte[], byte[]> sent : publish(producer, page)) {
            ids[n++] = fingerprint(EventIds.eventId(source(sent.topic()), sent.value()));
            bytes += sent.value().length;
          }
          page.clear();
        }
        page.add(r);
        if (page.size() == PAGE) {
          for (ProducerRecord<byte[], byte[]> sent : publish(producer, page)) {
            ids[n++] = fingerprint(EventIds.eventId(source(sent.topic()), sent.value()));
            bytes += sent.value().length;
          }
          page.clear();
        }
      }
      for (List<MixedTraffic.RawRecord> page : pages.values()) {
        for (ProducerRecord<byte[], byte[]> sent : publish(producer, page)) {
          ids[n++] = fingerprint(EventIds.eventId(source(sent.topic()), sent.value()));
          bytes += sent.value().length;
        }
      }
    }
    Arrays.sort(ids);
    return new Loaded(new LinkedHashMap<>(traffic.perTopic()), ids, bytes);
  }

  /** One page: its records in one transaction, fetched when its newest event was recent. */
  private static List<ProducerRecord<byte[], byte[]>> publish(
      KafkaProducer<byte[], byte[]> producer, List<MixedTraffic.RawRecord> page) {
    if (page.isEmpty()) {
      return List.of();
    }
    Instant fetchedAt = page.get(page.size() - 1).time().plus(FETCH_DELAY);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(page.size());
    producer.beginTransaction();
    for (MixedTraffic.RawRecord r : page) {
      ProducerRecord<byte[], byte[]> record = record(r, fetchedAt);
      producer.send(record);
      records.add(record);
    }
    producer.commitTransaction();
    return records;
  }

  /** One raw record as a connector that fetched it at {@code fetchedAt} writes it. */
  static ProducerRecord<byte[], byte[]> record(MixedTraffic.RawRecord r, Instant fetchedAt) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("sluice.source", utf8(source(r.topic())));
    headers.add("sluice.fetched-at", utf8(fetchedAt.toString()));
    headers.add("sluice.connector", utf8("bench"));
    return new ProducerRecord<>(
        r.topic(), null, fetchedAt.toEpochMilli(), utf8(r.key()), utf8(r.value()), headers);
  }

  static String source(String rawTopic) {
    String source = SOURCE_OF_TOPIC.get(rawTopic);
    if (source == null) {
      throw new IllegalArgumentException("no feed reads " + rawTopic);
    }
    return source;
  }

  /** {@link MixedTraffic#VIP} as {@code ./sluice vip add} writes it. */
  static void loadVip(Cluster cluster) {
    Map<String, Object> config = producerConfig(cluster);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
      producer.send(new ProducerRecord<>(Topics.VIP_USERS, utf8(MixedTraffic.VIP), utf8("{}")));
      producer.flush();
    }
  }

  /** The first 64 bits of a hex sha-256 event id: enough to tell a million ids apart. */
  static long fingerprint(String eventId) {
    return Long.parseUnsignedLong(eventId.substring(0, 16), 16);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
