package io.sluice.streams.enrich.identity;

import io.sluice.schemas.EventMetadata;
import io.sluice.schemas.User;
import io.sluice.streams.canonical.CanonicalRecords;
import io.sluice.streams.normalize.Normalized;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies {@link Identities} to every canonical record: each {@code User} field of the record
 * ({@code user}, {@code recipient}) gets its canonical name, and the record key, when it is one of
 * those users, becomes the canonical name too. Keys that are not users (a host, an alert id) and
 * address fields that are plain strings ({@code sender}, {@code to[]}) are left alone.
 *
 * <p>When a name changes, the vendor's spelling (as the mapper normalised it) is kept in {@code
 * metadata.unmapped["identity.<field>"]}, e.g. {@code identity.user} = {@code corp\jdoe}, and
 * {@code email} is set to the canonical name when it is an address and the record had none (or had
 * the old name). Runs before VIP enrichment, so the VIP list needs only canonical names.
 */
public final class IdentityEnricher implements Processor<byte[], Normalized, byte[], Normalized> {
  /** Prefix of the {@code unmapped} keys keeping a resolved field's original name. */
  public static final String ORIGINAL = "identity.";

  private final String defaultDomain;
  private ProcessorContext<byte[], Normalized> context;
  private Identities identities;

  /**
   * @param defaultDomain the domain for bare account names ({@code identity.default-domain}), or
   *     null
   */
  public IdentityEnricher(String defaultDomain) {
    this.defaultDomain = defaultDomain;
  }

  @Override
  public void init(ProcessorContext<byte[], Normalized> context) {
    this.context = context;
    KeyValueStore<String, String> store = context.getStateStore(IdentityStore.STORE);
    this.identities = new Identities(store::get, defaultDomain);
  }

  @Override
  public void process(Record<byte[], Normalized> record) {
    Normalized normalized = record.value();
    if (normalized.isDeadLetter()) {
      context.forward(record);
      return;
    }
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    String resolvedKey = resolve(normalized.value(), key);
    context.forward(
        resolvedKey == null || resolvedKey.equals(key)
            ? record
            : record.withKey(resolvedKey.getBytes(StandardCharsets.UTF_8)));
  }

  /** Resolves the record's users in place; returns the key, resolved when it was one of them. */
  private String resolve(SpecificRecord value, String key) {
    String resolvedKey = key;
    Map<String, String> originals = new LinkedHashMap<>();
    for (Schema.Field field : value.getSchema().getFields()) {
      if (!(value.get(field.pos()) instanceof User user) || user.getName() == null) {
        continue;
      }
      String name = user.getName();
      String canonical = identities.resolve(name);
      if (canonical == null || canonical.equals(name)) {
        continue;
      }
      user.setName(canonical);
      if (canonical.contains("@") && (user.getEmail() == null || name.equals(user.getEmail()))) {
        user.setEmail(canonical);
      }
      originals.put(ORIGINAL + field.name(), name);
      if (name.equals(key)) {
        resolvedKey = canonical;
      }
    }
    if (!originals.isEmpty()) {
      EventMetadata metadata = CanonicalRecords.metadata(value);
      Map<String, String> unmapped = new LinkedHashMap<>();
      if (metadata.getUnmapped() != null) {
        unmapped.putAll(metadata.getUnmapped());
      }
      unmapped.putAll(originals);
      metadata.setUnmapped(unmapped);
    }
    return resolvedKey;
  }
}
