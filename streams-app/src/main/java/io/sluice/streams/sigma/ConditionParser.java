package io.sluice.streams.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses a detection's {@code condition} into a test over its compiled selections. Grammar, from
 * least to most binding: {@code or}, {@code and}, {@code not}, {@code 1 of X} / {@code all of X}
 * ({@code X} a selection name, a pattern with {@code *}, or {@code them}: every selection not
 * starting with {@code _}), parentheses. Keywords are read in any case ({@code AND}). The Sigma 1.0
 * aggregations ({@code | count() by … > n}) and {@code near} are refused with a pointer to
 * correlation rules.
 */
final class ConditionParser {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.*-]+");
  private static final String NEAR =
      "'near' is Sigma 1.0 and not supported: write a temporal correlation rule";

  /** Thrown inside the parser; becomes one problem for the condition. */
  private static final class Bad extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Bad(String message) {
      super(message, null, false, false);
    }
  }

  private final Map<String, RecordTest> selections;
  private final List<String> tokens = new ArrayList<>();
  private int at;

  private ConditionParser(Map<String, RecordTest> selections) {
    this.selections = selections;
  }

  /**
   * The condition's test, or null with the problem reported.
   *
   * @param selections the compiled selections by name, in file order
   */
  static RecordTest parse(
      String condition, Map<String, RecordTest> selections, String path, Problems problems) {
    ConditionParser parser = new ConditionParser(selections);
    try {
      parser.tokenize(condition);
      if (parser.tokens.isEmpty()) {
        throw new Bad("is empty");
      }
      RecordTest test = parser.or();
      if (parser.at < parser.tokens.size()) {
        String next = parser.tokens.get(parser.at);
        if (next.equalsIgnoreCase("near")) {
          throw new Bad(NEAR);
        }
        if (next.equals(")")) {
          throw new Bad("unbalanced ')'");
        }
        throw new Bad(
            NAME.matcher(next).matches() || next.equals("(")
                ? "expected 'and' or 'or' before '" + next + "' in '" + condition + "'"
                : unexpected(next));
      }
      return test;
    } catch (Bad e) {
      problems.add(path, e.getMessage());
      return null;
    }
  }

  private void tokenize(String text) {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        tokens.add(String.valueOf(c));
        i++;
      } else if (c == '|') {
        throw new Bad(
            "aggregations ('| count() by …') are Sigma 1.0 and not supported: write a"
                + " correlation rule (type event_count or value_count, with timespan) instead");
      } else {
        int start = i;
        while (i < text.length()
            && !Character.isWhitespace(text.charAt(i))
            && "()|".indexOf(text.charAt(i)) < 0) {
          i++;
        }
        tokens.add(text.substring(start, i));
      }
    }
  }

  private String peek() {
    return at < tokens.size() ? tokens.get(at) : null;
  }

  private boolean peekKeyword(String keyword) {
    String next = peek();
    return next != null && next.equalsIgnoreCase(keyword);
  }

  private String next(String after) {
    if (at >= tokens.size()) {
      throw new Bad("ends after '" + after + "'");
    }
    return tokens.get(at++);
  }

  private RecordTest or() {
    List<RecordTest> parts = new ArrayList<>();
    parts.add(and());
    while (peekKeyword("or")) {
      at++;
      parts.add(and());
    }
    return RecordTest.or(parts);
  }

  private RecordTest and() {
    List<RecordTest> parts = new ArrayList<>();
    parts.add(not());
    while (peekKeyword("and")) {
      at++;
      parts.add(not());
    }
    return RecordTest.and(parts);
  }

  private RecordTest not() {
    if (peekKeyword("not")) {
      at++;
      return RecordTest.not(not());
    }
    return primary();
  }

  private RecordTest primary() {
    String before = at == 0 ? "the start" : tokens.get(at - 1);
    String token = next(before);
    String word = token.toLowerCase(Locale.ROOT);
    if (token.equals("(")) {
      RecordTest inner = or();
      if (!")".equals(peek())) {
        throw new Bad("missing ')'");
      }
      at++;
      return inner;
    }
    if (token.equals(")")) {
      throw new Bad("unexpected ')' after '" + before + "'");
    }
    if (word.equals("and") || word.equals("or") || word.equals("of") || word.equals("them")) {
      throw new Bad("unexpected '" + token + "' after '" + before + "'");
    }
    if (word.equals("near")) {
      throw new Bad(NEAR);
    }
    boolean quantifier = word.equals("1") || word.equals("all") || word.equals("any");
    if (quantifier || (peekKeyword("of") && word.chars().allMatch(Character::isDigit))) {
      if (!quantifier) {
        throw new Bad("'" + token + " of' is not Sigma: use '1 of' or 'all of'");
      }
      String of = next(token);
      if (!of.equalsIgnoreCase("of")) {
        throw new Bad("expected 'of' after '" + token + "', got '" + of + "'");
      }
      List<RecordTest> chosen = choose(next("of"));
      return word.equals("all") ? RecordTest.and(chosen) : RecordTest.or(chosen);
    }
    if (!NAME.matcher(token).matches() || token.indexOf('*') >= 0) {
      throw new Bad(unexpected(token));
    }
    RecordTest selection = selections.get(token);
    if (selection == null) {
      throw new Bad("names selection '" + token + "', which the detection does not define");
    }
    return selection;
  }

  private static String unexpected(String token) {
    return "unexpected '"
        + token
        + "' (a condition combines selection names with and, or, not, parentheses, '1 of' and"
        + " 'all of')";
  }

  /** The selections a {@code 1 of} / {@code all of} names. */
  private List<RecordTest> choose(String target) {
    List<RecordTest> chosen = new ArrayList<>();
    if (target.equalsIgnoreCase("them")) {
      selections.forEach(
          (name, test) -> {
            if (!name.startsWith("_")) {
              chosen.add(test);
            }
          });
      if (chosen.isEmpty()) {
        throw new Bad("'them' names no selection");
      }
      return chosen;
    }
    if (!NAME.matcher(target).matches()) {
      throw new Bad("expected a selection name or pattern after 'of', got '" + target + "'");
    }
    Glob pattern = new Glob(SigmaString.parse(target), true);
    selections.forEach(
        (name, test) -> {
          if (pattern.matches(name)) {
            chosen.add(test);
          }
        });
    if (chosen.isEmpty()) {
      throw new Bad("'" + target + "' matches no selection of the detection");
    }
    return chosen;
  }
}
