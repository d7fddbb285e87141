package io.sluice.streams.sigma;

/**
 * The first character of a literal, for finding it in a text ignoring case: {@link #mayStart} is
 * false only where {@code String.regionMatches(true, …)} of the literal must fail, because its
 * first character already differs as that method compares characters (same character, same upper
 * case, or same lower case of the upper case). So a case-insensitive {@code contains} compares the
 * literal only where it may start, instead of at every position of the text: user agents and
 * command lines are long, and most of their characters are not the literal's first. ASCII text
 * characters against an ASCII first character take two comparisons; any other pair the full rule.
 */
final class FirstChar {
  private static final FirstChar ANY = new FirstChar((char) 0, true);

  private final char lower;
  private final char upper;
  private final char lowerOfUpper;
  private final boolean ascii;
  private final boolean any;

  private FirstChar(char c, boolean any) {
    this.upper = Character.toUpperCase(c);
    this.lower = Character.toLowerCase(c);
    this.lowerOfUpper = Character.toLowerCase(upper);
    this.ascii = c < 128 && upper < 128 && lower < 128;
    this.any = any;
  }

  /**
   * The literal's first character; every position may start an empty literal, or one starting with
   * a surrogate (those compare by code point).
   */
  static FirstChar of(String literal) {
    if (literal.isEmpty() || Character.isSurrogate(literal.charAt(0))) {
      return ANY;
    }
    return new FirstChar(literal.charAt(0), false);
  }

  /** False only when the literal cannot start at a text character {@code c}, ignoring case. */
  boolean mayStart(char c) {
    if (any) {
      return true;
    }
    if (ascii && c < 128) {
      return c == lower || c == upper;
    }
    if (Character.isSurrogate(c)) {
      return true;
    }
    char u = Character.toUpperCase(c);
    return u == upper || Character.toLowerCase(u) == lowerOfUpper;
  }
}
