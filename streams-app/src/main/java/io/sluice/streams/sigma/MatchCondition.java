package io.sluice.streams.sigma;

import java.util.HashSet;
import java.util.Set;

/**
 * A detection's condition as {@link SigmaMatcher} runs it: the and/or/not of its {@link RecordTest}
 * tree over the matcher's shared tests, each test's outcome taken from the state (so computed once
 * per record, whichever detection asks first).
 */
interface MatchCondition {
  boolean eval(SigmaMatchState state);

  /** The tests this condition cannot pass without. */
  Set<Integer> required();

  /** Test {@code id} of the matcher. */
  record Ref(int id, SigmaMatcher.Test test) implements MatchCondition {
    @Override
    public boolean eval(SigmaMatchState state) {
      return state.test(id, test);
    }

    @Override
    public Set<Integer> required() {
      Set<Integer> one = new HashSet<>();
      one.add(id);
      return one;
    }
  }

  /** Every part passes ({@code any} false), or some part does ({@code any} true). */
  record Junction(MatchCondition[] parts, boolean any) implements MatchCondition {
    @Override
    public boolean eval(SigmaMatchState state) {
      for (MatchCondition part : parts) {
        if (part.eval(state) == any) {
          return any;
        }
      }
      return !any;
    }

    /** An AND needs what any of its parts needs; an OR what all of its parts need. */
    @Override
    public Set<Integer> required() {
      Set<Integer> out = new HashSet<>();
      for (int i = 0; i < parts.length; i++) {
        Set<Integer> part = parts[i].required();
        if (!any || i == 0) {
          out.addAll(part);
        } else {
          out.retainAll(part);
        }
      }
      return out; // an OR of nothing passes nothing, and needs nothing
    }
  }

  /** The inner condition fails. */
  record Not(MatchCondition inner) implements MatchCondition {
    @Override
    public boolean eval(SigmaMatchState state) {
      return !inner.eval(state);
    }

    @Override
    public Set<Integer> required() {
      return new HashSet<>();
    }
  }
}
