package io.sluice.streams.normalize;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A fast reader for the one time shape nearly every vendor record carries: {@code
 * yyyy-MM-ddTHH:mm:ss}, an optional fraction of 1–9 digits, then {@code Z}, {@code ±hh:mm} or
 * {@code ±hhmm} (Okta, Graph, Falcon, Mimecast's TTP and audit logs).
 *
 * <p>{@link VendorTime} spent most of its time in {@code DateTimeFormatter}, and for Mimecast's
 * {@code +0000} offsets first in a failed ISO parse and its exception. Anything else — a missing
 * second, lower-case {@code t} or {@code z}, a six-digit year, an offset with seconds, an
 * impossible date — answers null here and is left to the formatters, which decide. So the result
 * is, by construction and by {@code VendorTimeProperties}, what the formatters would give.
 */
final class CommonIso {
  private static final int MAX_OFFSET_HOURS = 18;

  private CommonIso() {}

  /** The instant, or null when {@code s} is not exactly the common shape. */
  static Instant parse(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23) {
      return null;
    }
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int at = 19;
    int nanos = 0;
    if (s.charAt(at) == '.') {
      int start = ++at;
      while (at < n && at - start < 9 && isDigit(s.charAt(at))) {
        nanos = nanos * 10 + (s.charAt(at) - '0');
        at++;
      }
      int count = at - start;
      if (count == 0 || (at < n && isDigit(s.charAt(at)))) {
        return null;
      }
      for (int i = count; i < 9; i++) {
        nanos *= 10;
      }
    }
    int offsetSeconds = offset(s, at);
    if (offsetSeconds == Integer.MIN_VALUE) {
      return null;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException impossibleDate) {
      return null;
    }
    long epochSecond = epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  /** Seconds east of UTC for {@code Z}, {@code ±hh:mm} or {@code ±hhmm} ending the text. */
  private static int offset(String s, int at) {
    int left = s.length() - at;
    if (left == 1 && s.charAt(at) == 'Z') {
      return 0;
    }
    if (left != 5 && left != 6) {
      return Integer.MIN_VALUE;
    }
    char sign = s.charAt(at);
    if (sign != '+' && sign != '-') {
      return Integer.MIN_VALUE;
    }
    int hours = digits(s, at + 1, 2);
    if (left == 6 && s.charAt(at + 3) != ':') {
      return Integer.MIN_VALUE;
    }
    int minutes = digits(s, at + left - 2, 2);
    if (hours < 0 || minutes < 0 || minutes > 59 || hours > MAX_OFFSET_HOURS) {
      return Integer.MIN_VALUE;
    }
    if (hours == MAX_OFFSET_HOURS && minutes > 0) {
      return Integer.MIN_VALUE;
    }
    int seconds = hours * 3_600 + minutes * 60;
    return sign == '-' ? -seconds : seconds;
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
