package io.sluice.streams.detect;

import java.util.List;

/**
 * A rule file is wrong. Start-up stops with this; its message names every problem as {@code <file>:
 * rule '<id>': key '<key>': <what is wrong>}.
 */
public final class RuleValidationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<String> problems;

  public RuleValidationException(List<String> problems) {
    super(
        problems.size() == 1
            ? "invalid rule: " + problems.get(0)
            : problems.size() + " rule problems:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
