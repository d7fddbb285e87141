package io.sluice.streams.enrich;

import io.sluice.streams.canonical.Keys;
import io.sluice.streams.topology.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * {@code reference.vip-users} as a global store on every instance, keyed by the normalised address:
 * whatever case or angle brackets an operator typed ({@code CEO@Corp.com}), the key is {@code
 * ceo@corp.com}, so it matches the canonical records' user keys. A null value removes the VIP.
 * Kafka Streams replays the topic through the same processor when it restores the store, so a
 * restart normalises exactly as live loading does.
 */
public final class VipStore {
  /** The global store holding {@code reference.vip-users}. */
  public static final String STORE = "reference-vip-users";

  private VipStore() {}

  public static void register(StreamsBuilder builder) {
    builder.addGlobalStore(
        // in memory: the list is small, read on every VIP test, and rebuilt from the topic at start
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String())
            .withLoggingDisabled(),
        Topics.VIP_USERS,
        Consumed.with(Serdes.String(), Serdes.String()).withName("vip-users-source"),
        Loader::new);
  }

  /**
   * The lookup a processor uses; the processor must be connected to nothing: global stores need no
   * connection.
   */
  public static VipLookup lookup(ProcessingContext context) {
    KeyValueStore<String, String> store = context.getStateStore(STORE);
    return key -> store.get(key) != null;
  }

  /** Loads the topic into the store, normalising keys. */
  private static final class Loader implements Processor<String, String, Void, Void> {
    private KeyValueStore<String, String> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, String> record) {
      String key = Keys.normalize(record.key());
      if (key == null) {
        return;
      }
      if (record.value() == null) {
        store.delete(key);
      } else {
        store.put(key, record.value());
      }
    }
  }
}
