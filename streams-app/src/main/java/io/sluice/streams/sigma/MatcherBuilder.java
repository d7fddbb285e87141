package io.sluice.streams.sigma;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes a feed's detections apart for {@link SigmaMatcher}: gives each distinct test an id (the
 * same field, modifiers and values in two rules are one test) and each field a slot, then turns
 * each detection's {@link RecordTest} tree into a {@link MatchCondition} over those ids. Two
 * passes: {@link #count} every detection first, so that {@link #compile} knows which fields more
 * than one test reads (their values are read once and kept; a field only one test reads is walked
 * by that test, which can stop at the first value that passes).
 */
final class MatcherBuilder {
  /** What makes two tests of the same field the same test. */
  private record Key(String kind, String field, String test) {}

  private final Map<String, Integer> fieldIds = new HashMap<>();
  private final Map<String, Integer> valueTestsPerField = new HashMap<>();
  private final Set<Object> counted = new HashSet<>();
  private final Map<Object, Integer> testIds = new HashMap<>();
  private final List<SigmaMatcher.Test> tests = new ArrayList<>();

  /** First pass: notes the distinct tests that read each field's values. */
  void count(RecordTest test) {
    if (test instanceof RecordTest.Junction junction) {
      junction.parts().forEach(this::count);
    } else if (test instanceof RecordTest.Not not) {
      count(not.inner());
    } else if (test instanceof RecordTest.FieldValue || test instanceof RecordTest.FieldNull) {
      if (counted.add(key(test))) {
        valueTestsPerField.merge(fieldName(test), 1, Integer::sum);
      }
    }
  }

  /** Second pass: the detection's condition over the shared tests. */
  MatchCondition compile(RecordTest test) {
    if (test instanceof RecordTest.Junction junction) {
      MatchCondition[] parts =
          junction.parts().stream().map(this::compile).toArray(MatchCondition[]::new);
      return new MatchCondition.Junction(parts, junction.any());
    }
    if (test instanceof RecordTest.Not not) {
      return new MatchCondition.Not(compile(not.inner()));
    }
    Object key = key(test);
    Integer id = testIds.get(key);
    if (id == null) {
      id = tests.size();
      tests.add(shared(test));
      testIds.put(key, id);
    }
    return new MatchCondition.Ref(id, tests.get(id));
  }

  SigmaMatcher.Test[] tests() {
    return tests.toArray(SigmaMatcher.Test[]::new);
  }

  int testCount() {
    return tests.size();
  }

  int fieldCount() {
    return fieldIds.size();
  }

  /** The test as the matcher runs it: through the state's kept values where that saves work. */
  private SigmaMatcher.Test shared(RecordTest test) {
    if (test instanceof RecordTest.FieldExists e) {
      int field = field(e.name());
      boolean expected = e.expected();
      return state -> state.present(field, e.field()) == expected;
    }
    if (test instanceof RecordTest.FieldValue v && readByMany(v.name())) {
      int field = field(v.name());
      return state -> state.anyValue(field, v.field(), v.leaf());
    }
    if (test instanceof RecordTest.FieldNull n && readByMany(n.name())) {
      int field = field(n.name());
      return state -> !state.anyValue(field, n.field(), LeafTest.NOT_NULL);
    }
    return state -> test.test(state.raw);
  }

  private boolean readByMany(String fieldName) {
    return valueTestsPerField.getOrDefault(fieldName, 0) > 1;
  }

  private int field(String name) {
    return fieldIds.computeIfAbsent(name, n -> fieldIds.size());
  }

  /** Equal for the same test of the same field; a test of no field is only equal to itself. */
  private static Object key(RecordTest test) {
    if (test instanceof RecordTest.FieldValue v) {
      return new Key("value", v.name(), v.key());
    }
    if (test instanceof RecordTest.FieldNull n) {
      return new Key("null", n.name(), "");
    }
    if (test instanceof RecordTest.FieldExists e) {
      return new Key("exists", e.name(), Boolean.toString(e.expected()));
    }
    return new IdentityKey(test);
  }

  private static String fieldName(RecordTest test) {
    return test instanceof RecordTest.FieldValue v
        ? v.name()
        : ((RecordTest.FieldNull) test).name();
  }

  /** A key equal only to itself's test: a keyword or fieldref test is shared only as the object. */
  private record IdentityKey(RecordTest test) {
    @Override
    public boolean equals(Object o) {
      return o instanceof IdentityKey other && other.test == test;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(test);
    }
  }
}
