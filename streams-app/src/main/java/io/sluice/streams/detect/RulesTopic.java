package io.sluice.streams.detect;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The live rules topic {@code sluice.rules} as a global store on every instance: each record is
 * handed to {@link LiveRules}, which validates it and swaps the running rule set. Kafka Streams
 * replays the topic through the same processor when it restores the store at start-up.
 */
public final class RulesTopic {
  public static final String TOPIC = "sluice.rules";
  public static final String STATUS_TOPIC = "sluice.rules.status";
  public static final String STORE = "sluice-rules";

  private RulesTopic() {}

  public static void register(StreamsBuilder builder, LiveRules rules) {
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String())
            .withLoggingDisabled(),
        TOPIC,
        Consumed.with(Serdes.String(), Serdes.String()).withName("rules-source"),
        () -> new Loader(rules));
  }

  private static final class Loader implements Processor<String, String, Void, Void> {
    private final LiveRules rules;
    private KeyValueStore<String, String> store;

    Loader(LiveRules rules) {
      this.rules = rules;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, String> record) {
      if (record.key() == null) {
        return;
      }
      rules.apply(record.key(), record.value());
      if (record.value() == null) {
        store.delete(record.key());
      } else {
        store.put(record.key(), record.value());
      }
    }
  }
}
