package io.sluice.streams.canonical;

/**
 * Makes vendor-supplied text safe to put in alerts and canonical records: a hostile subject line or
 * user agent must not forge log lines in a SIEM, so control characters go and length is capped.
 */
public final class Text {
  public static final int DEFAULT_MAX = 512;

  private Text() {}

  public static String clean(String value) {
    return clean(value, DEFAULT_MAX);
  }

  /** Replaces control characters (including CR, LF, tab) with a space and caps the length. */
  public static String clean(String value, int maxLength) {
    if (value == null) {
      return null;
    }
    if (value.length() <= maxLength && isClean(value)) {
      return value; // most vendor text: no copy
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), maxLength));
    for (int i = 0; i < value.length() && out.length() < maxLength; i++) {
      char c = value.charAt(i);
      out.append(isReplaced(c) ? ' ' : c);
    }
    if (value.length() > maxLength && out.length() == maxLength) {
      out.setLength(maxLength - 1);
      out.append('…');
    }
    return out.toString();
  }

  private static boolean isClean(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (isReplaced(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isReplaced(char c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
