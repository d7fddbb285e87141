package io.sluice.streams.detect;

/**
 * Where a processor finds the rules to run: fixed at start-up, or live ({@link LiveRules}, changed
 * through the {@code sluice.rules} topic while the app runs). Processors ask for every record, so a
 * change applies from the next record on.
 */
@FunctionalInterface
public interface RuleBook {
  RuleSet current();

  static RuleBook of(RuleSet rules) {
    return () -> rules;
  }
}
