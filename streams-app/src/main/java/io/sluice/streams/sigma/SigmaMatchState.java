package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/**
 * What one thread's {@link SigmaMatcher} remembers about the record it is matching: each shared
 * field's values, read once; whether each field is present; each test's outcome, computed once.
 * Entries are stamped with the record's number instead of being cleared, so starting a record costs
 * nothing, and nothing is allocated per record once the value buffer has grown to the largest
 * record's needs. Not thread-safe: one per processor (or thread), made by {@link
 * SigmaMatcher#newState()}.
 */
public final class SigmaMatchState {
  private final SigmaMatcher owner;
  private int record;
  JsonNode raw;

  private final int[] testStamp;
  private final boolean[] testOutcome;
  private final int[] valuesStamp;
  private final int[] valuesFrom;
  private final int[] valuesTo;
  private final int[] presentStamp;
  private final boolean[] present;
  private JsonNode[] values = new JsonNode[32];
  private int used;

  /** Collects each value of the field being read; never passes, so the walk visits them all. */
  private final LeafTest collect = this::collect;

  /** Which detections matched the last record, by the matcher's detection index. */
  final boolean[] matched;

  SigmaMatchState(SigmaMatcher owner, int tests, int fields, int detections) {
    this.owner = owner;
    testStamp = new int[tests];
    testOutcome = new boolean[tests];
    valuesStamp = new int[fields];
    valuesFrom = new int[fields];
    valuesTo = new int[fields];
    presentStamp = new int[fields];
    present = new boolean[fields];
    matched = new boolean[detections];
  }

  /** Whether detection {@code i} of the matcher ({@link SigmaMatcher#detections()}) matched. */
  public boolean matched(int i) {
    return matched[i];
  }

  SigmaMatcher owner() {
    return owner;
  }

  /** Starts a record: forgets everything about the last one. */
  void start(JsonNode record) {
    raw = record;
    used = 0;
    if (++this.record == 0) {
      // wrapped after 2^32 records: clear the stamps once so that none is taken for this record's
      Arrays.fill(testStamp, 0);
      Arrays.fill(valuesStamp, 0);
      Arrays.fill(presentStamp, 0);
      this.record = 1;
    }
  }

  /** The outcome of test {@code i} on this record, computing it on first use. */
  boolean test(int i, SigmaMatcher.Test test) {
    if (testStamp[i] == record) {
      return testOutcome[i];
    }
    boolean outcome = test.test(this);
    testOutcome[i] = outcome;
    testStamp[i] = record;
    return outcome;
  }

  /** Whether the field is present in this record, looked up on first use. */
  boolean present(int field, FieldResolver resolver) {
    if (presentStamp[field] != record) {
      present[field] = resolver.present(raw);
      presentStamp[field] = record;
    }
    return present[field];
  }

  /**
   * Whether some value of the field passes, reading the field's values on first use: the values
   * {@link FieldResolver#anyLeaf} visits, in its order, so that testing them in turn gives what
   * {@code anyLeaf} with the same test would.
   */
  boolean anyValue(int field, FieldResolver resolver, LeafTest leaf) {
    if (valuesStamp[field] != record) {
      int from = used;
      resolver.anyLeaf(raw, collect);
      valuesFrom[field] = from;
      valuesTo[field] = used;
      valuesStamp[field] = record;
    }
    for (int i = valuesFrom[field]; i < valuesTo[field]; i++) {
      if (leaf.test(values[i])) {
        return true;
      }
    }
    return false;
  }

  private boolean collect(JsonNode leaf) {
    if (used == values.length) {
      values = Arrays.copyOf(values, used * 2);
    }
    values[used++] = leaf;
    return false;
  }
}
