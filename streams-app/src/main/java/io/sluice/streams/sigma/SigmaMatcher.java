package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * One feed's Sigma detections compiled into one matcher, so that a record costs what the rules have
 * in common once rather than once per rule. Every distinct test (a field with its modifiers and
 * values, {@code field: null}, {@code field|exists}) is computed at most once per record; a field
 * that several tests read is looked up once and its values kept; and each detection first checks
 * the tests its condition cannot pass without, those most detections share first, so that a record
 * of another event type rejects a whole family of rules at the cost of one test. What a detection's
 * condition says, and the answer, are those of {@link SigmaDetectionRule#matches}: the tests are
 * pure, so computing one once, or before another, changes nothing but the work.
 *
 * <p>Immutable and thread-safe; build one per rule set (not per record) and give each thread its
 * own {@link SigmaMatchState}.
 */
public final class SigmaMatcher {
  /** One distinct test of the feed's detections, run on the state's record. */
  @FunctionalInterface
  interface Test {
    boolean test(SigmaMatchState state);
  }

  private final List<SigmaDetectionRule> detections;
  private final MatchCondition[] conditions;

  /** Per detection, the tests it needs to pass, most shared first. */
  private final int[][] required;

  private final Test[] tests;
  private final int fields;

  private SigmaMatcher(
      List<SigmaDetectionRule> detections,
      MatchCondition[] conditions,
      int[][] required,
      Test[] tests,
      int fields) {
    this.detections = detections;
    this.conditions = conditions;
    this.required = required;
    this.tests = tests;
    this.fields = fields;
  }

  /**
   * The matcher of these detections (all of one feed; a repeated one is matched once).
   *
   * @throws IllegalArgumentException when they are not all of one feed
   */
  public static SigmaMatcher of(List<SigmaDetectionRule> detections) {
    Set<SigmaDetectionRule> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
    List<SigmaDetectionRule> rules = new ArrayList<>();
    for (SigmaDetectionRule d : detections) {
      if (d.feed() != detections.get(0).feed()) {
        throw new IllegalArgumentException(d + " is not of " + detections.get(0).feed());
      }
      if (distinct.add(d)) {
        rules.add(d);
      }
    }
    MatcherBuilder builder = new MatcherBuilder();
    rules.forEach(d -> builder.count(d.detection()));
    MatchCondition[] conditions = new MatchCondition[rules.size()];
    for (int i = 0; i < conditions.length; i++) {
      conditions[i] = builder.compile(rules.get(i).detection());
    }
    return new SigmaMatcher(
        List.copyOf(rules),
        conditions,
        required(conditions, builder.testCount()),
        builder.tests(),
        builder.fieldCount());
  }

  /** The detections, in the order of {@link SigmaMatchState#matched} indexes. */
  public List<SigmaDetectionRule> detections() {
    return detections;
  }

  /** Where the detection is in {@link #detections()}, or -1. */
  public int indexOf(SigmaDetectionRule detection) {
    for (int i = 0; i < detections.size(); i++) {
      if (detections.get(i) == detection) {
        return i;
      }
    }
    return -1;
  }

  /** A state to match with, for one thread. */
  public SigmaMatchState newState() {
    return new SigmaMatchState(this, tests.length, fields, detections.size());
  }

  /**
   * Matches the raw record against every detection; {@link SigmaMatchState#matched} then says which
   * passed, until the state's next record.
   *
   * @return whether any passed
   * @throws IllegalArgumentException when the state is another matcher's
   */
  public boolean match(JsonNode raw, SigmaMatchState state) {
    if (state.owner() != this) {
      throw new IllegalArgumentException("the state is another matcher's");
    }
    boolean[] matched = state.matched;
    if (raw == null || !raw.isObject()) {
      Arrays.fill(matched, false);
      return false;
    }
    state.start(raw);
    boolean any = false;
    for (int d = 0; d < conditions.length; d++) {
      boolean m = passesRequired(required[d], state) && conditions[d].eval(state);
      matched[d] = m;
      any |= m;
    }
    return any;
  }

  private boolean passesRequired(int[] needed, SigmaMatchState state) {
    for (int t : needed) {
      if (!state.test(t, tests[t])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Per condition, the tests without which it cannot pass (all of an AND's parts', those every part
   * of an OR needs, none under a NOT), ordered by how many conditions need them, most first.
   */
  private static int[][] required(MatchCondition[] conditions, int testCount) {
    List<Set<Integer>> needs = new ArrayList<>();
    int[] sharedBy = new int[testCount];
    for (MatchCondition c : conditions) {
      Set<Integer> need = c.required();
      need.forEach(t -> sharedBy[t]++);
      needs.add(need);
    }
    int[][] out = new int[conditions.length][];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          needs.get(i).stream()
              .sorted((a, b) -> sharedBy[a] != sharedBy[b] ? sharedBy[b] - sharedBy[a] : a - b)
              .mapToInt(Integer::intValue)
              .toArray();
    }
    return out;
  }
}
