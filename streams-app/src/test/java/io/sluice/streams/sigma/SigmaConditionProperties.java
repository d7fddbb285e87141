package io.sluice.streams.sigma;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The condition parser against a direct evaluation: random expressions over four selections,
 * written with minimal or full parentheses and random keyword case, give the same answer as the
 * expression tree for every combination of selections.
 */
class SigmaConditionProperties {
  private static final List<String> NAMES = List.of("s0", "s1", "s2", "s3");

  /** An expression tree: its text and its value for a bit set of true selections. */
  sealed interface Expr permits Sel, Not, And, Or {
    boolean eval(int truth);

    /** The text, parenthesised only where precedence needs it (or everywhere when full). */
    String text(boolean full, int parentLevel, boolean upper);
  }

  record Sel(int index) implements Expr {
    public boolean eval(int truth) {
      return (truth & (1 << index)) != 0;
    }

    public String text(boolean full, int parentLevel, boolean upper) {
      return NAMES.get(index);
    }
  }

  record Not(Expr inner) implements Expr {
    public boolean eval(int truth) {
      return !inner.eval(truth);
    }

    public String text(boolean full, int parentLevel, boolean upper) {
      return (upper ? "NOT " : "not ") + inner.text(full, 3, upper);
    }
  }

  record And(Expr left, Expr right) implements Expr {
    public boolean eval(int truth) {
      return left.eval(truth) && right.eval(truth);
    }

    public String text(boolean full, int parentLevel, boolean upper) {
      String t =
          left.text(full, 2, upper) + (upper ? " AND " : " and ") + right.text(full, 2, upper);
      return full || parentLevel > 2 ? "(" + t + ")" : t;
    }
  }

  record Or(Expr left, Expr right) implements Expr {
    public boolean eval(int truth) {
      return left.eval(truth) || right.eval(truth);
    }

    public String text(boolean full, int parentLevel, boolean upper) {
      String t = left.text(full, 1, upper) + (upper ? " OR " : " or ") + right.text(full, 1, upper);
      return full || parentLevel > 1 ? "(" + t + ")" : t;
    }
  }

  @Provide
  Arbitrary<Expr> expressions() {
    return expressions(4);
  }

  private Arbitrary<Expr> expressions(int depth) {
    Arbitrary<Expr> leaf = Arbitraries.integers().between(0, 3).map(Sel::new);
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Expr> sub = Arbitraries.lazy(() -> expressions(depth - 1));
    return Arbitraries.oneOf(
        leaf,
        sub.map(Not::new),
        Combinators.combine(sub, sub).as(And::new),
        Combinators.combine(sub, sub).as(Or::new));
  }

  @Property(tries = 300)
  void shouldEvaluateAsTheExpressionTree(
      @ForAll("expressions") Expr expr, @ForAll boolean full, @ForAll boolean upper) {
    StringBuilder detection = new StringBuilder();
    for (String name : NAMES) {
      detection.append(name).append(":\n  debugContext.debugData.").append(name).append(": 'on'\n");
    }
    detection.append("condition: '").append(expr.text(full, 0, upper)).append("'\n");
    SigmaDetectionRule rule = SigmaRecords.oktaRule(detection.toString());

    for (int truth = 0; truth < 16; truth++) {
      ObjectNode event = SigmaRecords.oktaFailedLogin();
      ObjectNode debugData = (ObjectNode) event.at("/debugContext/debugData");
      for (int i = 0; i < 4; i++) {
        debugData.set(
            NAMES.get(i),
            JsonNodeFactory.instance.textNode((truth & (1 << i)) != 0 ? "on" : "off"));
      }
      assertThat(rule.matches(event))
          .as("%s with %s", expr.text(full, 0, upper), Integer.toBinaryString(truth))
          .isEqualTo(expr.eval(truth));
    }
  }
}
