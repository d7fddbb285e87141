package io.sluice.streams.enrich;

import io.sluice.schemas.User;
import io.sluice.streams.normalize.Normalized;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Marks VIPs on canonical records: every {@code User} field of the record (e.g. {@code user},
 * {@code recipient}) whose name or e-mail is a key of {@code reference.vip-users} gets {@code vip =
 * true}: their status when normalised, for consumers of the canonical topics (rules read the status
 * when they decide, {@link VipLookup}). The reference topic is a global store ({@link VipStore}),
 * so every instance has all of it and no repartition is needed; a tombstone removes a VIP for
 * records processed from then on.
 */
public final class VipEnricher implements FixedKeyProcessor<byte[], Normalized, Normalized> {
  private FixedKeyProcessorContext<byte[], Normalized> context;
  private VipLookup vips;

  @Override
  public void init(FixedKeyProcessorContext<byte[], Normalized> context) {
    this.context = context;
    this.vips = VipStore.lookup(context);
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
      if (value.get(field.pos()) instanceof User user && vips.isVip(user)) {
        user.setVip(true);
      }
    }
  }
}
