package io.sluice.streams.detect;

import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.detect.state.SlotSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.OptionalLong;

/**
 * A rule as the engine runs it: its key type, the numbers its state needs, and a 32-bit fingerprint
 * of its id, by which its state and its hits are filed (stable across restarts and rule changes,
 * unlike a position in the rule list).
 *
 * @param classMask the canonical classes (bit per ordinal) its steps read
 */
public record CompiledRule(
    Rule rule, int fingerprint, KeyType keyType, SlotSpec spec, long grace, long classMask) {

  static CompiledRule of(Rule rule) {
    long mask = 0;
    for (Step step : rule.steps()) {
      // a Sigma rule reads raw records of a feed, whatever classes they map to: all of them
      mask |= step.input() == null ? -1L : 1L << step.input().ordinal();
    }
    return new CompiledRule(
        rule, fingerprint(rule.id()), KeyType.of(rule), spec(rule), rule.grace().toMillis(), mask);
  }

  static SlotSpec spec(Rule rule) {
    long suppress = rule.suppress().toMillis();
    if (rule.type() == Rule.Type.SEQUENCE && rule.steps().size() > 2) {
      return SlotSpec.ordered(rule.steps().size(), rule.within().toMillis(), suppress);
    }
    OptionalLong upper = rule.sigma().map(SigmaBinding::upperBound).orElse(OptionalLong.empty());
    if (upper.isPresent()) {
      return SlotSpec.closing(
          rule.threshold(),
          Math.toIntExact(upper.getAsLong()),
          rule.window().toMillis(),
          suppress,
          countsDistinct(rule, 0));
    }
    if (rule.type() == Rule.Type.SEQUENCE) {
      Step a = rule.first();
      return SlotSpec.sequence(
          a.threshold(),
          a.window().toMillis(),
          countsDistinct(rule, 0),
          rule.within().toMillis(),
          suppress);
    }
    return countsDistinct(rule, 0)
        ? SlotSpec.distinct(rule.threshold(), rule.window().toMillis(), suppress)
        : SlotSpec.count(rule.threshold(), rule.window().toMillis(), suppress);
  }

  private static boolean countsDistinct(Rule rule, int step) {
    if (rule.sigma().isPresent()) {
      return rule.sigma().get().feeds().stream()
          .anyMatch(f -> f.step() == step && f.countsDistinct());
    }
    return rule.steps().get(step).distinctField().isPresent();
  }

  /** First 32 bits of sha-256 of the rule id. */
  static int fingerprint(String id) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return ((h[0] & 0xFF) << 24) | ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public String id() {
    return rule.id();
  }

  /**
   * Whether a feed (by source name) brings this rule events: a Sigma rule reads the feeds of its
   * detection rules; a Sluice rule, every feed of its classes.
   */
  public boolean readsFeed(String source) {
    return rule.sigma().map(b -> b.reads(source)).orElse(true);
  }

  public boolean reads(CanonicalClass c) {
    return (classMask & (1L << c.ordinal())) != 0;
  }
}
