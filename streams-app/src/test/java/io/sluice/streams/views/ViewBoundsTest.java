package io.sluice.streams.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Alert;
import io.sluice.schemas.DlpAction;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.Verdict;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.replay.OfflineDriver;
import io.sluice.streams.testing.Canonical;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The views stay bounded whatever the traffic: 100,000 distinct users, each clicking a malicious
 * URL of its own and failing a login from an address of its own (every tenth also breaking a DLP
 * policy, receiving an attachment of its own and raising an alert), over two hours; the view stores
 * stay under the size docs/views.md states. The views' part of the topology alone, so the test
 * measures exactly its stores.
 */
class ViewBoundsTest {
  private static final int USERS = 100_000;

  /** What docs/views.md promises per partition for this traffic. */
  static final long MAX_EVENTS_STORE_BYTES = 1_000_000;

  static final long MAX_ALERTS_STORE_BYTES = 300_000;

  @Test
  @SuppressWarnings("unchecked")
  void shouldKeepTheViewStoresUnderTheirStatedSizeFor100kDistinctUsers() {
    Map<String, Object> serde =
        Map.of("schema.registry.url", "mem://views-bounds-" + UUID.randomUUID());
    Map<CanonicalClass, Serde<SpecificRecord>> serdes = new EnumMap<>(CanonicalClass.class);
    StreamsBuilder builder = new StreamsBuilder();
    Map<CanonicalClass, KStream<String, SpecificRecord>> sources =
        new EnumMap<>(CanonicalClass.class);
    for (CanonicalClass c : ViewsTopology.INPUTS) {
      serdes.put(c, (Serde<SpecificRecord>) (Serde<?>) AvroSerdes.specific(c.type(), serde, false));
      sources.put(c, builder.stream(c.topic(), Consumed.with(Serdes.String(), serdes.get(c))));
    }
    Serde<Alert> alertSerde = AvroSerdes.specific(Alert.class, serde, false);
    ViewsTopology.add(builder, sources::get, alertSerde);
    Instant start = Instant.parse("2024-05-02T10:00:00Z");

    try (TopologyTestDriver driver = OfflineDriver.create(builder.build(), "views-bounds", start)) {
      Map<CanonicalClass, TestInputTopic<String, SpecificRecord>> in =
          new EnumMap<>(CanonicalClass.class);
      serdes.forEach(
          (c, s) ->
              in.put(
                  c, driver.createInputTopic(c.topic(), new StringSerializer(), s.serializer())));
      TestInputTopic<String, Alert> alerts =
          driver.createInputTopic(
              "alerts.url-click", new StringSerializer(), alertSerde.serializer());
      for (int i = 0; i < USERS; i++) {
        Instant t = start.plus(Duration.ofMillis(i * 72L)); // 100k over two hours
        String user = "user-" + i + "@corp.example";
        in.get(CanonicalClass.EMAIL_URL)
            .pipeInput(
                user,
                Canonical.click(
                    user,
                    "https://host-" + i + ".bad.example/path/" + i,
                    Verdict.MALICIOUS,
                    EmailAction.ALLOWED,
                    t,
                    false),
                t);
        in.get(CanonicalClass.AUTHENTICATION)
            .pipeInput(user, Canonical.failure(user, "10.9." + i / 256 + "." + i % 256, t), t);
        if (i % 10 == 0) { // every tenth: the lists they feed fill as fast, the test runs faster
          in.get(CanonicalClass.DATA_SECURITY)
              .pipeInput(user, Canonical.dlp(user, DlpAction.BLOCKED, t, false), t);
          in.get(CanonicalClass.EMAIL_FILE)
              .pipeInput(
                  user,
                  Canonical.attachment(
                      user, Integer.toHexString(i).repeat(8), Verdict.MALICIOUS, t, i % 20 == 0),
                  t);
          alerts.pipeInput(user, alert(user, t), t);
        }
        if (i % 5_000 == 0) {
          driver.advanceWallClockTime(ViewsProcessor.FLUSH_INTERVAL);
        }
      }
      driver.advanceWallClockTime(ViewsProcessor.FLUSH_INTERVAL);

      Size events = size(driver.getKeyValueStore(ViewsTopology.EVENTS_STORE));
      Size alertStore = size(driver.getKeyValueStore(ViewsTopology.ALERTS_STORE));
      System.out.printf(
          "views-events: %d keys, %d bytes; views-alerts: %d keys, %d bytes%n",
          events.keys, events.bytes, alertStore.keys, alertStore.bytes);
      assertThat(events.bytes).isLessThan(MAX_EVENTS_STORE_BYTES);
      assertThat(alertStore.bytes).isLessThan(MAX_ALERTS_STORE_BYTES);
      // at most the kept minutes (plus the current one) and, per kept hour, its counters and lists
      assertThat(events.keys).isLessThanOrEqualTo(ViewStore.MINUTES + 1 + 3 * 12);
      // and what it holds is still right where it can be: every click was malicious
      ViewData data =
          ViewData.read(
              driver.getKeyValueStore(ViewsTopology.EVENTS_STORE),
              driver.getKeyValueStore(ViewsTopology.ALERTS_STORE));
      assertThat(data.totals()).containsEntry("clicks.malicious", (long) USERS);
      assertThat(data.alerts()).hasSize(ViewStore.LATEST_ALERTS);
    }
  }

  private static Alert alert(String user, Instant t) {
    return Alert.newBuilder()
        .setAlertId(UUID.randomUUID().toString())
        .setRule(new io.sluice.schemas.RuleRef("url.repeat-malicious-click", "Repeat clicks", 1))
        .setSeverity(io.sluice.schemas.Severity.MEDIUM)
        .setTitle("Repeated malicious clicks by " + user)
        .setArea("url-click")
        .setEntity(new io.sluice.schemas.Entity("user", user))
        .setVip(false)
        .setWindowStart(t)
        .setWindowEnd(t)
        .setFirstSeen(t)
        .setLastSeen(t)
        .setDetectedAt(t)
        .setEventCount(2)
        .setSources(java.util.List.of("mimecast.ttp-url"))
        .setAttack(java.util.List.of())
        .setContext(Map.of())
        .build();
  }

  private record Size(long keys, long bytes) {}

  private static Size size(KeyValueStore<String, byte[]> store) {
    long keys = 0;
    long bytes = 0;
    try (KeyValueIterator<String, byte[]> all = store.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> e = all.next();
        keys++;
        bytes += e.key.length() + e.value.length;
      }
    }
    return new Size(keys, bytes);
  }
}
