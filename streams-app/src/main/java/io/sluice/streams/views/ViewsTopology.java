package io.sluice.streams.views;

import io.sluice.schemas.Alert;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.detect.Rule;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds the focused views' aggregates to the topology (docs/views.md): two terminal processors and
 * two cached stores, fed by what the topology already has.
 *
 * <ul>
 *   <li>{@code views-events} reads the shared canonical sources of the classes with a view
 *       (authentication, e-mail URL, e-mail file, finding, data security) — the ones user detection
 *       already reads, plus e-mail file;
 *   <li>{@code views-alerts} reads the alert topics, so it sees every rule's alerts whichever
 *       detection processor wrote them.
 * </ul>
 */
public final class ViewsTopology {
  public static final String EVENTS_STORE = "views-events";
  public static final String ALERTS_STORE = "views-alerts";

  /** Canonical classes that feed a view. */
  static final Set<CanonicalClass> INPUTS =
      EnumSet.of(
          CanonicalClass.AUTHENTICATION,
          CanonicalClass.EMAIL_URL,
          CanonicalClass.EMAIL_FILE,
          CanonicalClass.FINDING,
          CanonicalClass.DATA_SECURITY);

  private ViewsTopology() {}

  /**
   * @param canonicalStream the shared source stream of a canonical topic
   */
  public static void add(
      StreamsBuilder builder,
      Function<CanonicalClass, KStream<String, SpecificRecord>> canonicalStream,
      Serde<Alert> alertSerde) {
    KStream<String, SpecificRecord> events = null;
    for (CanonicalClass c : INPUTS) {
      KStream<String, SpecificRecord> in = canonicalStream.apply(c);
      events = events == null ? in : events.merge(in, Named.as("views-merge-" + c.ruleName()));
    }
    addStore(builder, EVENTS_STORE);
    events.process(
        () -> new ViewsProcessor<>(EVENTS_STORE, new EventFold()),
        Named.as(EVENTS_STORE),
        EVENTS_STORE);

    List<String> alertTopics = Arrays.stream(Rule.Area.values()).map(Rule.Area::topic).toList();
    addStore(builder, ALERTS_STORE);
    builder.stream(
            alertTopics, Consumed.with(Serdes.String(), alertSerde).withName("views-alerts-source"))
        .process(
            () -> new ViewsProcessor<>(ALERTS_STORE, new AlertFold()),
            Named.as(ALERTS_STORE),
            ALERTS_STORE);
  }

  private static void addStore(StreamsBuilder builder, String name) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
            .withCachingEnabled());
  }
}
