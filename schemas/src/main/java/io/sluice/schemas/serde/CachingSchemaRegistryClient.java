package io.sluice.schemas.serde;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Remembers ids and schemas so that the serde's hot path asks the registry once per (subject,
 * schema) and once per id, then never again.
 *
 * <p>A decorator rather than a feature of each client so that the cache is tested once, against a
 * counting fake, and holds for every registry. Ids are immutable in the Confluent protocol, so
 * entries never expire. Misses are not cached: a schema looked up before it was registered is found
 * once it is. Registry calls run outside any lock; two threads missing at once may both call the
 * registry, which is harmless because registering is idempotent.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

  private final SchemaRegistryClient delegate;
  private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  private CachingSchemaRegistryClient(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  /** {@code client} with a cache in front, or {@code client} itself when it already has one. */
  public static CachingSchemaRegistryClient wrap(SchemaRegistryClient client) {
    if (client instanceof CachingSchemaRegistryClient caching) {
      return caching;
    }
    return new CachingSchemaRegistryClient(client);
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return cached;
    }
    int id = delegate.register(subject, schema);
    remember(key, id);
    return id;
  }

  @Override
  public Schema getById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    Schema schema = delegate.getById(id);
    schemasById.putIfAbsent(id, schema);
    return schema;
  }

  @Override
  public OptionalInt lookupId(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer cached = idsBySubjectSchema.get(key);
    if (cached != null) {
      return OptionalInt.of(cached);
    }
    OptionalInt id = delegate.lookupId(subject, schema);
    id.ifPresent(found -> remember(key, found));
    return id;
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    delegate.setCompatibility(subject, level);
  }

  @Override
  public boolean subjectExists(String subject) {
    return delegate.subjectExists(subject);
  }

  @Override
  public void checkReachable() {
    delegate.checkReachable();
  }

  /** The client this cache is in front of. */
  public SchemaRegistryClient delegate() {
    return delegate;
  }

  private void remember(SubjectSchema key, int id) {
    idsBySubjectSchema.put(key, id);
    // the writer already holds the schema; a consumer in the same process need not fetch it
    schemasById.putIfAbsent(id, key.schema());
  }

  /** Schema hashes are cached by Avro and equality short-circuits on identity: a cheap key. */
  private record SubjectSchema(String subject, Schema schema) {}
}
