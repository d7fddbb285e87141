package io.sluice.schemas.serde;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Counts calls to the registry it wraps, to show what the cache saves. */
final class CountingSchemaRegistryClient implements SchemaRegistryClient {

  final AtomicInteger registers = new AtomicInteger();
  final AtomicInteger fetches = new AtomicInteger();
  final AtomicInteger lookups = new AtomicInteger();
  private final SchemaRegistryClient delegate;

  CountingSchemaRegistryClient(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public int register(String subject, Schema schema) {
    registers.incrementAndGet();
    return delegate.register(subject, schema);
  }

  @Override
  public Schema getById(int id) {
    fetches.incrementAndGet();
    return delegate.getById(id);
  }

  @Override
  public OptionalInt lookupId(String subject, Schema schema) {
    lookups.incrementAndGet();
    return delegate.lookupId(subject, schema);
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    delegate.setCompatibility(subject, level);
  }

  @Override
  public boolean subjectExists(String subject) {
    return delegate.subjectExists(subject);
  }
}
