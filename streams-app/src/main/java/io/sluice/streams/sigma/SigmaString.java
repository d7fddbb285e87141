package io.sluice.streams.sigma;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Sigma string value: characters, some of which are the wildcards {@code *} (any run) and {@code
 * ?} (one character). Parsed with Sigma's escaping: a backslash escapes a following {@code *},
 * {@code ?} or backslash; any other backslash is a plain backslash. So {@code \*} is a plain star,
 * {@code C:\Windows\\*} the folder followed by a wildcard, and {@code \\\*} a backslash then a
 * plain star.
 */
final class SigmaString {
  private final char[] chars;

  /** wild[i]: chars[i] is a wildcard, not a plain character. */
  private final boolean[] wild;

  private SigmaString(char[] chars, boolean[] wild) {
    this.chars = chars;
    this.wild = wild;
  }

  static SigmaString parse(String text) {
    char[] out = new char[text.length()];
    boolean[] w = new boolean[text.length()];
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        if (next == '*' || next == '?' || next == '\\') {
          out[n++] = next;
          i++;
          continue;
        }
      }
      w[n] = c == '*' || c == '?';
      out[n++] = c;
    }
    return new SigmaString(Arrays.copyOf(out, n), Arrays.copyOf(w, n));
  }

  /** A string of plain characters only (an encoded value). */
  static SigmaString plain(String text) {
    return new SigmaString(text.toCharArray(), new boolean[text.length()]);
  }

  int length() {
    return chars.length;
  }

  char charAt(int i) {
    return chars[i];
  }

  boolean isWildcard(int i) {
    return wild[i];
  }

  boolean hasWildcards() {
    for (boolean b : wild) {
      if (b) {
        return true;
      }
    }
    return false;
  }

  /** The plain text; only meaningful without wildcards. */
  String text() {
    return new String(chars);
  }

  SigmaString withLeadingStar() {
    return length() > 0 && wild[0] && chars[0] == '*' ? this : concat(star(), this);
  }

  SigmaString withTrailingStar() {
    int last = length() - 1;
    return last >= 0 && wild[last] && chars[last] == '*' ? this : concat(this, star());
  }

  private static SigmaString star() {
    return new SigmaString(new char[] {'*'}, new boolean[] {true});
  }

  private static SigmaString concat(SigmaString a, SigmaString b) {
    char[] c = Arrays.copyOf(a.chars, a.length() + b.length());
    boolean[] w = Arrays.copyOf(a.wild, a.length() + b.length());
    System.arraycopy(b.chars, 0, c, a.length(), b.length());
    System.arraycopy(b.wild, 0, w, a.length(), b.length());
    return new SigmaString(c, w);
  }

  /** The dash characters {@code windash} makes interchangeable. */
  static final char[] DASHES = {'-', '/', '\u2013', '\u2014', '\u2015'};

  /**
   * {@code windash}: every variant with each command-line flag dash (a dash at the start of a word:
   * after the start or a non-word character, before a word character) replaced by each of {@code
   * -}, {@code /}, en dash, em dash and horizontal bar. A dash inside a word ({@code -param-name}'s
   * second) stays.
   */
  List<SigmaString> windashVariants(int maxVariants) {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < length(); i++) {
      if (!wild[i]
          && isDash(chars[i])
          && (i == 0 || !isWordChar(chars[i - 1]))
          && i + 1 < length()
          && isWordChar(chars[i + 1])) {
        positions.add(i);
      }
    }
    long count = Math.round(Math.pow(DASHES.length, positions.size()));
    if (count > maxVariants) {
      return null;
    }
    List<SigmaString> variants = new ArrayList<>();
    int[] choice = new int[positions.size()];
    for (long v = 0; v < count; v++) {
      char[] c = chars.clone();
      for (int k = 0; k < choice.length; k++) {
        c[positions.get(k)] = DASHES[choice[k]];
      }
      variants.add(new SigmaString(c, wild.clone()));
      for (int k = 0; k < choice.length; k++) {
        if (++choice[k] < DASHES.length) {
          break;
        }
        choice[k] = 0;
      }
    }
    return variants;
  }

  private static boolean isDash(char c) {
    for (char d : DASHES) {
      if (c == d) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length(); i++) {
      if (!wild[i] && (chars[i] == '*' || chars[i] == '?' || chars[i] == '\\')) {
        b.append('\\');
      }
      b.append(chars[i]);
    }
    return b.toString();
  }
}
