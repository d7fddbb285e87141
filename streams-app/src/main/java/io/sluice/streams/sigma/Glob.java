package io.sluice.streams.sigma;

/**
 * A compiled Sigma string pattern: plain characters and the wildcards {@code *} and {@code ?},
 * matched against the whole value, case-insensitively unless {@code cased}. The shapes Sigma's
 * modifiers produce (exact, {@code startswith}, {@code endswith}, {@code contains}) take a
 * region-compare fast path; anything else runs the usual backtracking wildcard match. Matching
 * allocates nothing.
 */
final class Glob {
  private enum Shape {
    EXACT,
    PREFIX,
    SUFFIX,
    CONTAINS,
    ANYTHING,
    GENERAL
  }

  private final Shape shape;
  private final boolean cased;

  /** The plain characters of EXACT/PREFIX/SUFFIX/CONTAINS. */
  private final String literal;

  /** GENERAL: pattern characters and whether each is a wildcard. */
  private final char[] pattern;

  private final boolean[] wild;

  /**
   * EXACT patterns that are an integer ({@code '50126'}) also compare to JSON numbers as numbers.
   */
  private final Long exactInteger;

  /** CONTAINS ignoring case: which text characters can start a match, checked before comparing. */
  private final FirstChar first;

  Glob(SigmaString s, boolean cased) {
    this.cased = cased;
    int n = s.length();
    this.pattern = new char[n];
    this.wild = new boolean[n];
    for (int i = 0; i < n; i++) {
      pattern[i] = s.charAt(i);
      wild[i] = s.isWildcard(i);
    }
    boolean leading = n > 0 && isStar(0);
    boolean trailing = n > 0 && isStar(n - 1);
    int from = leading ? 1 : 0;
    int to = trailing && n - 1 >= from ? n - 1 : n;
    boolean innerPlain = true;
    for (int i = from; i < to; i++) {
      innerPlain &= !wild[i];
    }
    if (n > 0 && from >= to && (leading || trailing)) {
      boolean allStars = true;
      for (int i = 0; i < n; i++) {
        allStars &= isStar(i);
      }
      shape = allStars ? Shape.ANYTHING : Shape.GENERAL;
    } else if (!innerPlain) {
      shape = Shape.GENERAL;
    } else if (leading && trailing) {
      shape = Shape.CONTAINS;
    } else if (leading) {
      shape = Shape.SUFFIX;
    } else if (trailing) {
      shape = Shape.PREFIX;
    } else {
      shape = Shape.EXACT;
    }
    this.literal = new String(pattern, from, Math.max(0, to - from));
    this.exactInteger = shape == Shape.EXACT ? integer(literal) : null;
    this.first = FirstChar.of(literal);
  }

  private boolean isStar(int i) {
    return wild[i] && pattern[i] == '*';
  }

  private static Long integer(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && s.length() > 1)) {
        return null;
      }
    }
    return Long.parseLong(s);
  }

  /** The integer this pattern is exactly, or null. */
  Long exactInteger() {
    return exactInteger;
  }

  boolean matches(String text) {
    return switch (shape) {
      case EXACT -> cased ? text.equals(literal) : text.equalsIgnoreCase(literal);
      case PREFIX -> text.regionMatches(!cased, 0, literal, 0, literal.length());
      case SUFFIX ->
          text.length() >= literal.length()
              && text.regionMatches(
                  !cased, text.length() - literal.length(), literal, 0, literal.length());
      case CONTAINS -> contains(text);
      case ANYTHING -> true;
      case GENERAL -> general(text);
    };
  }

  private boolean contains(String text) {
    if (cased) {
      return text.contains(literal);
    }
    int last = text.length() - literal.length();
    for (int i = 0; i <= last; i++) {
      if (first.mayStart(text.charAt(i))
          && text.regionMatches(true, i, literal, 0, literal.length())) {
        return true;
      }
    }
    return false;
  }

  /** Wildcard match with one backtrack point (the last star): linear for the usual patterns. */
  private boolean general(String text) {
    int p = 0;
    int s = 0;
    int star = -1;
    int mark = 0;
    int n = text.length();
    while (s < n) {
      if (p < pattern.length && isStar(p)) {
        star = p++;
        mark = s;
      } else if (p < pattern.length && (wild[p] || same(pattern[p], text.charAt(s)))) {
        p++;
        s++;
      } else if (star >= 0) {
        p = star + 1;
        s = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length && isStar(p)) {
      p++;
    }
    return p == pattern.length;
  }

  private boolean same(char a, char b) {
    if (a == b) {
      return true;
    }
    if (cased) {
      return false;
    }
    char ua = Character.toUpperCase(a);
    char ub = Character.toUpperCase(b);
    return ua == ub || Character.toLowerCase(ua) == Character.toLowerCase(ub);
  }
}
