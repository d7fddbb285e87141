package io.sluice.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Just enough of a PromQL reader for the dashboards' queries: the series selectors ({@code
 * metric{label="v", other=~"re"}}) and the labels that {@code by}, {@code without}, {@code on} and
 * {@code ignoring} name. Functions and aggregations are skipped, range and subquery brackets too.
 */
final class PromQl {
  /** One label matcher; {@code value} with PromQL's string escapes undone. */
  record Matcher(String label, String op, String value) {}

  /** A series selector: a metric name and its matchers. */
  record Selector(String metric, List<Matcher> matchers) {}

  /** What a query reads: its selectors and the labels it groups or matches on. */
  record Query(List<Selector> selectors, Set<String> groupingLabels) {}

  private static final Set<String> AGGREGATIONS =
      Set.of(
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");
  private static final Set<String> GROUPING =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

  private final String text;
  private int at;

  private PromQl(String text) {
    this.text = text;
  }

  static Query parse(String expr) {
    return new PromQl(expr).query();
  }

  private Query query() {
    List<Selector> selectors = new ArrayList<>();
    Set<String> grouping = new LinkedHashSet<>();
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == '[') {
        at = text.indexOf(']', at) + 1;
      } else if (c == '"' || c == '\'') {
        string();
      } else if (Character.isDigit(c)) {
        while (at < text.length()
            && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
          at++;
        }
      } else if (isNameStart(c)) {
        String name = name();
        char next = peek();
        if (GROUPING.contains(name)) {
          if (next == '(') {
            grouping.addAll(labelList());
          }
        } else if (next == '(' || AGGREGATIONS.contains(name) || KEYWORDS.contains(name)) {
          // a function or an operator, not a series
        } else {
          selectors.add(new Selector(name, next == '{' ? matchers() : List.of()));
        }
      } else if (c == '{') {
        throw new IllegalArgumentException("selector without a metric name in: " + text);
      } else {
        at++;
      }
    }
    return new Query(selectors, grouping);
  }

  private List<String> labelList() {
    skipSpace();
    at++; // (
    List<String> labels = new ArrayList<>();
    while (peek() != ')') {
      labels.add(name());
      if (peek() == ',') {
        at++;
      }
    }
    at++;
    return labels;
  }

  private List<Matcher> matchers() {
    skipSpace();
    at++; // {
    List<Matcher> matchers = new ArrayList<>();
    while (peek() != '}') {
      String label = name();
      skipSpace();
      int opStart = at;
      while ("=!~".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
      String op = text.substring(opStart, at);
      skipSpace();
      matchers.add(new Matcher(label, op, string()));
      if (peek() == ',') {
        at++;
      }
    }
    at++;
    return matchers;
  }

  private String string() {
    char quote = text.charAt(at++);
    StringBuilder value = new StringBuilder();
    while (text.charAt(at) != quote) {
      char c = text.charAt(at++);
      value.append(c == '\\' ? text.charAt(at++) : c);
    }
    at++;
    return value.toString();
  }

  private String name() {
    skipSpace();
    int start = at;
    while (at < text.length()
        && (isNameStart(text.charAt(at)) || Character.isDigit(text.charAt(at)))) {
      at++;
    }
    if (start == at) {
      throw new IllegalArgumentException("expected a name at " + at + " in: " + text);
    }
    return text.substring(start, at);
  }

  private char peek() {
    skipSpace();
    return at < text.length() ? text.charAt(at) : 0;
  }

  private void skipSpace() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private static boolean isNameStart(char c) {
    return Character.isLetter(c) || c == '_' || c == ':';
  }
}
