package io.sluice.streams.enrich.identity;

import io.sluice.streams.canonical.Keys;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The global store of {@code reference.identities}: alias → canonical user, both normalised with
 * {@link Keys#normalize} as they are loaded, however the operator typed them (the {@code
 * kafka-console-producer} path does no normalising). A null or blank value deletes the alias.
 *
 * <p>It is a global store with its own loading processor, rather than a GlobalKTable, because the
 * keys must be normalised on the way in; Kafka Streams runs the same processor again when it
 * restores the store from the topic, so a restored store holds the same normalised keys.
 *
 * <p>It is held in memory, like the VIP list, and rebuilt from the compacted topic at start: every
 * canonical event with a user looks its user up here, and most users have no alias, so a RocksDB
 * store answered almost every lookup with a miss through JNI (about 5 % of the normaliser's time in
 * a profile of the bench's mix). An alias costs about 150 bytes of heap.
 */
public final class IdentityStore {
  /** The global store holding {@code reference.identities}. */
  public static final String STORE = "reference-identities";

  private IdentityStore() {}

  /** Registers the global store, fed from {@code topic}. */
  public static void addTo(StreamsBuilder builder, String topic) {
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String())
            .withLoggingDisabled(),
        topic,
        Consumed.with(Serdes.String(), Serdes.String()).withName("reference-identities-source"),
        Loader::new);
  }

  /** Writes each alias to the store under its normalised spelling. */
  static final class Loader implements Processor<String, String, Void, Void> {
    private KeyValueStore<String, String> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, String> record) {
      String alias = Keys.normalize(record.key());
      if (alias == null) {
        return; // a blank alias names nobody; nothing to store or delete
      }
      String user = Keys.normalize(record.value());
      if (user == null) {
        store.delete(alias);
      } else {
        store.put(alias, user);
      }
    }
  }
}
