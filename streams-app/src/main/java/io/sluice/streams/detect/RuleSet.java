package io.sluice.streams.detect;

import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.canonical.Fingerprints;
import io.sluice.streams.sigma.SigmaFeed;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The loaded rules arranged for the engine: by key type (one processor each), and per canonical
 * class the steps that read it, so an event is matched against exactly the rules that could count
 * it.
 */
public final class RuleSet {
  /** One step of one rule that reads a class. */
  public record StepOf(CompiledRule rule, int step, Step definition) {}

  /** One Sigma detection rule feeding one step of an engine rule made from Sigma. */
  public record SigmaStepOf(CompiledRule rule, SigmaBinding.Feed feed) {}

  private final Map<KeyType, List<CompiledRule>> byKeyType = new LinkedHashMap<>();
  private final Map<Integer, CompiledRule> byFingerprint = new HashMap<>();
  private final Map<KeyType, Map<CanonicalClass, List<StepOf>>> steps = new LinkedHashMap<>();
  private final Map<SigmaFeed, List<SigmaStepOf>> sigmaSteps = new EnumMap<>(SigmaFeed.class);
  private final Map<SigmaFeed, SigmaSteps> sigmaMatching = new EnumMap<>(SigmaFeed.class);
  private final Map<Integer, List<ChainedStepOf>> chainedFrom = new HashMap<>();

  /**
   * One step of a Sigma rule built on a correlation: each decision of that correlation is an event
   * of the step, counted with the value (temporal: the correlation's id) when it has one.
   */
  public record ChainedStepOf(CompiledRule rule, int step, long value, boolean hasValue) {}

  public RuleSet(List<Rule> rules) {
    this(rules.stream().map(CompiledRule::of).toList(), true);
  }

  /** For tests: rules compiled by hand. */
  static RuleSet of(List<CompiledRule> compiled) {
    return new RuleSet(compiled, true);
  }

  private RuleSet(List<CompiledRule> compiledRules, boolean unused) {
    for (CompiledRule compiled : compiledRules) {
      Rule rule = compiled.rule();
      CompiledRule clash = byFingerprint.putIfAbsent(compiled.fingerprint(), compiled);
      if (clash != null) {
        throw new RuleValidationException(
            List.of(
                rule.origin()
                    + ": rule '"
                    + rule.id()
                    + "': key 'id': its fingerprint equals that of rule '"
                    + clash.id()
                    + "': rename one of them"));
      }
      byKeyType.computeIfAbsent(compiled.keyType(), k -> new ArrayList<>()).add(compiled);
      if (rule.sigma().isPresent()) {
        for (SigmaBinding.Feed feed : rule.sigma().get().feeds()) {
          sigmaSteps
              .computeIfAbsent(feed.feed(), f -> new ArrayList<>())
              .add(new SigmaStepOf(compiled, feed));
        }
        for (SigmaBinding.Chained link : rule.sigma().get().chained()) {
          chainedFrom
              .computeIfAbsent(CompiledRule.fingerprint(link.rule()), f -> new ArrayList<>())
              .add(
                  new ChainedStepOf(
                      compiled,
                      link.step(),
                      link.label().map(Fingerprints::of).orElse(0L),
                      link.label().isPresent()));
        }
        continue;
      }
      Map<CanonicalClass, List<StepOf>> perClass =
          steps.computeIfAbsent(compiled.keyType(), k -> new EnumMap<>(CanonicalClass.class));
      for (int i = 0; i < rule.steps().size(); i++) {
        Step step = rule.steps().get(i);
        perClass
            .computeIfAbsent(step.input(), c -> new ArrayList<>())
            .add(new StepOf(compiled, i, step));
      }
    }
    sigmaSteps.forEach((feed, list) -> sigmaMatching.put(feed, SigmaSteps.of(list)));
  }

  /** Every rule, in load order. */
  public List<CompiledRule> all() {
    List<CompiledRule> all = new ArrayList<>();
    byKeyType.values().forEach(all::addAll);
    return all;
  }

  public Set<KeyType> keyTypes() {
    return byKeyType.keySet();
  }

  public List<CompiledRule> rules(KeyType keyType) {
    return byKeyType.getOrDefault(keyType, List.of());
  }

  public CompiledRule byFingerprint(int fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  /** The steps of a key type's rules that read a class. */
  public List<StepOf> steps(KeyType keyType, CanonicalClass c) {
    return steps.getOrDefault(keyType, Map.of()).getOrDefault(c, List.of());
  }

  /** The Sigma detection rules reading a feed's raw records, with the engine rule each feeds. */
  public List<SigmaStepOf> sigmaSteps(SigmaFeed feed) {
    return sigmaSteps.getOrDefault(feed, List.of());
  }

  /**
   * A feed's Sigma steps with the matcher of their detections, built once with this rule set (empty
   * when no Sigma rule reads the feed).
   */
  public SigmaSteps sigma(SigmaFeed feed) {
    SigmaSteps steps = sigmaMatching.get(feed);
    return steps == null ? SigmaSteps.of(List.of()) : steps;
  }

  /** The Sigma rules built on a rule (by its fingerprint): its decisions feed their steps. */
  public List<ChainedStepOf> chainedFrom(int fingerprint) {
    return chainedFrom.getOrDefault(fingerprint, List.of());
  }

  /** The classes a key type's rules read. */
  public Set<CanonicalClass> classes(KeyType keyType) {
    return steps.getOrDefault(keyType, Map.of()).keySet();
  }
}
