package io.sluice.streams.enrich;

import io.sluice.schemas.User;
import io.sluice.streams.canonical.Keys;
import io.sluice.streams.normalize.Normalized;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Marks VIPs on canonical records: every {@code User} field of the record (e.g. {@code user},
 * {@code recipient}) whose name or e-mail is a key of {@code reference.vip-users} gets {@code vip =
 * true}. The reference topic is a GlobalKTable, so every instance has all of it and no repartition
 * is needed; a tombstone removes a VIP for records processed from then on.
 */
public final class VipEnricher implements FixedKeyProcessor<byte[], Normalized, Normalized> {
  /** The global store holding {@code reference.vip-users}. */
  public static final String STORE = "reference-vip-users";

  private FixedKeyProcessorContext<byte[], Normalized> context;
  private TimestampedKeyValueStore<String, String> vips;

  @Override
  public void init(FixedKeyProcessorContext<byte[], Normalized> context) {
    this.context = context;
    this.vips = context.getStateStore(STORE);
  }

  @Override
  public void process(FixedKeyRecord<byte[], Normalized> record) {
    Normalized normalized = record.value();
    if (!normalized.isDeadLetter()) {
      markVips(normalized.value());
    }
    context.forward(record);
  }

  private void markVips(SpecificRecord value) {
    for (Schema.Field field : value.getSchema().getFields()) {
      if (value.get(field.pos()) instanceof User user && isVip(user)) {
        user.setVip(true);
      }
    }
  }

  private boolean isVip(User user) {
    return listed(user.getName()) || listed(user.getEmail());
  }

  private boolean listed(String name) {
    String key = Keys.normalize(name);
    if (key == null) {
      return false;
    }
    ValueAndTimestamp<String> entry = vips.get(key);
    return entry != null && entry.value() != null;
  }
}
