package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Severity;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.detect.state.KeyState;
import io.sluice.streams.detect.state.PartitionState;
import io.sluice.streams.detect.state.SlotSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The bounded engine decides exactly what the brute-force reference decides: the same alerts (key
 * and window end, in order) and the same late events, for random out-of-order streams over two keys
 * and two feeds, with random thresholds, windows, suppression, grace and horizon. State is
 * round-tripped through its bytes after every event, as the store does.
 */
class EngineMatchesReferenceProperties {
  private static final long S = 1000;

  record Scenario(SlotSpec spec, long grace, long horizon, List<ReferenceEngine.Event> events) {}

  @Property(tries = 1000)
  void countingEventsMatchesTheReference(@ForAll("counts") Scenario s) {
    assertSameDecisions(s);
  }

  @Property(tries = 1000)
  void sequencesMatchTheReferenceWhileBEventsAreFew(@ForAll("sequences") Scenario s) {
    assertSameDecisions(s);
  }

  @Property(tries = 1000)
  void orderedChainsMatchTheReferenceWhileEachStepIsFewPerBucket(
      @ForAll("orderedChains") Scenario s) {
    assertSameDecisions(s);
  }

  @Property(tries = 500)
  void orderedChainsMatchTheReferenceInEventTimeOrderWhateverTheFlood(
      @ForAll("floodedOrderedChains") Scenario s) {
    assertSameDecisions(s);
  }

  @Property(tries = 1000)
  void distinctCountsMatchTheReference(@ForAll("distincts") Scenario s) {
    assertSameDecisions(s);
  }

  @Property(tries = 1000)
  void upperBoundWindowsMatchTheReference(@ForAll("closingWindows") Scenario s) {
    assertSameDecisions(s);
  }

  private static void assertSameDecisions(Scenario s) {
    ReferenceEngine reference = new ReferenceEngine(s.spec(), s.grace(), s.horizon());
    List<ReferenceEngine.Alert> engine = new ArrayList<>();
    int[] late = {0};
    CompiledRule rule = rule(s.spec(), s.grace());
    RuleSet rules = RuleSet.of(List.of(rule));
    Detector detector = new Detector(RuleBook.of(rules), s.horizon(), (r, source) -> late[0]++);
    Map<String, byte[]> store = new HashMap<>();
    PartitionState partition = new PartitionState();
    for (ReferenceEngine.Event e : s.events()) {
      reference.accept(e);
      byte[] before = store.get(e.key());
      KeyState state = before == null ? new KeyState() : KeyState.fromBytes(before, fp -> s.spec());
      Sighting sighting =
          new Sighting(
              e.time(),
              e.id(),
              e.feed(),
              "raw." + e.feed(),
              0,
              0,
              CanonicalClass.AUTHENTICATION.ordinal(),
              false,
              List.of(new Sighting.RuleHit(rule.fingerprint(), e.step(), e.value(), e.hasValue())));
      for (Detector.Fired f : detector.apply(state, partition, sighting)) {
        engine.add(new ReferenceEngine.Alert(e.key(), f.decision().windowEnd()));
      }
      store.put(e.key(), state.toBytes());
      partition = PartitionState.fromBytes(partition.toBytes());
    }
    // the idle-key scan, in key order: closes what the clocks allow of keys without events
    reference.scan();
    for (String key : new java.util.TreeSet<>(store.keySet())) {
      KeyState state = KeyState.fromBytes(store.get(key), fp -> s.spec());
      for (Detector.Fired f : detector.pruneAll(state, partition)) {
        engine.add(new ReferenceEngine.Alert(key, f.decision().windowEnd()));
      }
    }
    assertThat(engine).as("alerts").isEqualTo(reference.alerts);
    assertThat(late[0]).as("late events").isEqualTo(reference.late);
  }

  static CompiledRule rule(SlotSpec spec, long grace) {
    Rule rule =
        new Rule(
            "test.rule",
            "Test",
            1,
            "",
            spec.kind() == SlotSpec.Kind.SEQUENCE || spec.kind() == SlotSpec.Kind.ORDERED
                ? Rule.Type.SEQUENCE
                : Rule.Type.THRESHOLD,
            Rule.Area.AUTHENTICATION,
            Severity.LOW,
            Optional.empty(),
            List.of(),
            List.of(),
            Duration.ofMillis(spec.within()),
            Duration.ofMillis(spec.suppress()),
            Duration.ofMillis(grace),
            Optional.empty(),
            "test",
            Optional.empty());
    return new CompiledRule(
        rule,
        CompiledRule.fingerprint("test.rule"),
        KeyType.USER,
        spec,
        grace,
        1L << CanonicalClass.AUTHENTICATION.ordinal());
  }

  @Provide
  Arbitrary<Scenario> counts() {
    return scenario(
        Combinators.combine(
                Arbitraries.integers().between(1, 5),
                Arbitraries.longs().between(5, 60),
                Arbitraries.longs().between(1, 90))
            .as((n, w, p) -> SlotSpec.count(n, w * S, p * S)),
        false);
  }

  @Provide
  Arbitrary<Scenario> distincts() {
    // the documented corner (a late event behind the suppression bound whose window ends at a
    // repeat sighting the state did not keep) is possible here, and not met in these trials
    return scenario(
        Combinators.combine(
                Arbitraries.integers().between(1, 4),
                Arbitraries.longs().between(5, 60),
                Arbitraries.longs().between(1, 120))
            .as((n, w, p) -> SlotSpec.distinct(n, w * S, p * S)),
        false);
  }

  @Provide
  Arbitrary<Scenario> closingWindows() {
    return scenario(
        Combinators.combine(
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 3),
                Arbitraries.longs().between(5, 60),
                Arbitraries.longs().between(1, 90),
                Arbitraries.of(false, true))
            .as(
                (lower, more, w, p, distinct) ->
                    SlotSpec.closing(lower, lower + more, w * S, p * S, distinct)),
        false);
  }

  @Provide
  Arbitrary<Scenario> sequences() {
    return scenario(
        Combinators.combine(
                Arbitraries.integers().between(1, 3),
                Arbitraries.longs().between(5, 40),
                Arbitraries.longs().between(5, 60),
                Arbitraries.longs().between(1, 60))
            .as((n, wa, within, p) -> SlotSpec.sequence(n, wa * S, false, within * S, p * S)),
        true);
  }

  @Provide
  Arbitrary<Scenario> orderedChains() {
    return orderedScenario(false);
  }

  @Provide
  Arbitrary<Scenario> floodedOrderedChains() {
    return orderedScenario(true);
  }

  /** Chains of three or four steps (Sigma temporal_ordered), out of order or sorted by time. */
  private static Arbitrary<Scenario> orderedScenario(boolean inOrder) {
    Arbitrary<SlotSpec> specs =
        Combinators.combine(
                Arbitraries.integers().between(3, 4),
                Arbitraries.longs().between(5, 60),
                Arbitraries.longs().between(1, 60))
            .as((n, within, p) -> SlotSpec.ordered(n, within * S, p * S));
    // in event-time order, 60 events over 60 s: buckets of one step hold far more than the slot
    // keeps
    Arbitrary<Scenario> scenarios = scenario(specs, 3, inOrder ? 60 : 300);
    return inOrder
        ? scenarios.map(
            s -> {
              List<ReferenceEngine.Event> sorted = new ArrayList<>(s.events());
              sorted.sort((a, b) -> Long.compare(a.time(), b.time()));
              return new Scenario(s.spec(), s.grace(), s.horizon(), sorted);
            })
        : scenarios.filter(s -> fewPerStep(s, 4)); // OrderedSlot.CAP
  }

  private static Arbitrary<Scenario> scenario(Arbitrary<SlotSpec> specs, boolean sequence) {
    return scenario(specs, sequence ? 1 : 0, 300).filter(s -> !sequence || fewPerStep(s, 4));
  }

  private static Arbitrary<Scenario> scenario(
      Arbitrary<SlotSpec> specs, int lastStep, long maxSeconds) {
    Arbitrary<Long> graces = Arbitraries.longs().between(5, 120).map(g -> g * S);
    Arbitrary<Long> horizons = Arbitraries.longs().between(120, 400).map(h -> h * S);
    Arbitrary<ReferenceEngine.Event> event =
        Combinators.combine(
                Arbitraries.of("ann", "bob"),
                Arbitraries.of("okta", "entra"),
                Arbitraries.longs().between(0, maxSeconds),
                Arbitraries.integers().between(0, 40),
                Arbitraries.integers().between(0, lastStep),
                Arbitraries.longs().between(0, 5))
            .as(
                (key, feed, t, id, step, value) ->
                    new ReferenceEngine.Event(
                        key,
                        feed,
                        t * S,
                        // the same id means the same event: a redelivery has the same time
                        key + feed + id + "-" + t,
                        step,
                        value,
                        true));
    return Combinators.combine(specs, graces, horizons, event.list().ofMinSize(1).ofMaxSize(60))
        .as((spec, grace, horizon, events) -> new Scenario(spec, grace, horizon, seeded(events)));
  }

  private static List<ReferenceEngine.Event> seeded(List<ReferenceEngine.Event> events) {
    List<ReferenceEngine.Event> all = new ArrayList<>();
    for (String feed : List.of("okta", "entra")) {
      all.add(new ReferenceEngine.Event("zed", feed, 0, "seed-" + feed, 0, 0, true));
    }
    all.addAll(events);
    return all;
  }

  /**
   * At most the events a slot keeps exactly per within-bucket of each step after the first
   * (SequenceSlot's B events; OrderedSlot keeps as many of every step).
   */
  private static boolean fewPerStep(Scenario s, int cap) {
    Map<String, Integer> perBucket = new HashMap<>();
    boolean ordered = s.spec().kind() == SlotSpec.Kind.ORDERED;
    for (ReferenceEngine.Event e : s.events()) {
      if (e.step() >= 1 || ordered) {
        String bucket = e.key() + "|" + e.step() + "|" + Math.floorDiv(e.time(), s.spec().within());
        if (perBucket.merge(bucket, 1, Integer::sum) > cap) {
          return false;
        }
      }
    }
    return true;
  }
}
