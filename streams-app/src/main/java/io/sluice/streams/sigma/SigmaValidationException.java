package io.sluice.streams.sigma;

import java.util.List;

/**
 * Sigma rule files are wrong. Lists every problem of every file at once, each as {@code <file>:
 * rule '<id or title>': key '<path>': <what is wrong>}, the shape of Sluice's own rule errors.
 */
public final class SigmaValidationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<String> problems;

  public SigmaValidationException(List<String> problems) {
    super(
        problems.size() == 1
            ? "invalid Sigma rule: " + problems.get(0)
            : problems.size() + " Sigma rule problems:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
