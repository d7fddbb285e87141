package io.sluice.streams.detect;

import io.sluice.streams.sigma.SigmaDetectionRule;
import io.sluice.streams.sigma.SigmaMatcher;
import java.util.List;

/**
 * One feed's Sigma steps ({@link RuleSet#sigmaSteps}) with the {@link SigmaMatcher} of their
 * detection rules. Built with the rule set, so a live rule change builds a new one and a record
 * only matches: the projector matches each record once against all the feed's detections, then
 * reads, per step in load order, whether its detection passed.
 */
public final class SigmaSteps {
  private static final SigmaSteps NONE = new SigmaSteps(List.of());

  private final List<RuleSet.SigmaStepOf> steps;
  private final SigmaMatcher matcher;

  /** detectionOf[i]: where step i's detection rule is in the matcher's detections. */
  private final int[] detectionOf;

  private SigmaSteps(List<RuleSet.SigmaStepOf> steps) {
    this.steps = List.copyOf(steps);
    List<SigmaDetectionRule> detections = steps.stream().map(s -> s.feed().detection()).toList();
    this.matcher = detections.isEmpty() ? null : SigmaMatcher.of(detections);
    this.detectionOf = new int[steps.size()];
    for (int i = 0; i < detectionOf.length; i++) {
      detectionOf[i] = matcher.indexOf(detections.get(i));
    }
  }

  /** The steps of one feed (all of the same feed), in load order. */
  static SigmaSteps of(List<RuleSet.SigmaStepOf> steps) {
    return steps.isEmpty() ? NONE : new SigmaSteps(steps);
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }

  public List<RuleSet.SigmaStepOf> steps() {
    return steps;
  }

  /** The matcher of the steps' detection rules; null when there are no steps. */
  public SigmaMatcher matcher() {
    return matcher;
  }

  /** Where step {@code i}'s detection rule is in {@link SigmaMatcher#detections()}. */
  public int detectionOf(int i) {
    return detectionOf[i];
  }
}
