package io.sluice.streams.normalize.mimecast.audit;

import io.sluice.streams.normalize.IpLiterals;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts Sluice reads out of a Mimecast audit {@code eventInfo}, a free-text line such as {@code
 * Failed authentication for ann@corp.example <Ann>, Date: 2021-10-12, Time: 09:47:55 BST, IP:
 * 203.0.113.7, Application: mimecast-moa, Method: Office 365, Reason: Wrong password}.
 *
 * <p>The text has no contract: public samples show {@code Key: value} pairs separated by {@code ",
 * "}, pairs separated by spaces only ({@code ... Time: 16:39:17 +0100 IP: 203.0.113.7 Application:
 * ...}), lower-case keys with a space before the colon ({@code remote IP : 203.0.113.7 application
 * : LFS}) and {@code Remote IP is 203.0.113.7}. So the parser looks for the few keys it knows
 * wherever they stand; a value runs to the next known key. When a key occurs twice, the last one
 * wins: Mimecast appends its own {@code Date/Time/IP/Application} block at the end, after text
 * (display names, subjects) that a sender controls. Anything missing or garbled reads as null;
 * nothing throws.
 */
record EventInfo(
    String ip,
    String application,
    String method,
    String reason,
    String twoFactor,
    String fullName) {

  static final EventInfo EMPTY = new EventInfo(null, null, null, null, null, null);

  private static final Pattern KEY =
      Pattern.compile(
          "(?<=^|[\\s,])(date|time|ip|application|method|reason|2fa)\\s?:\\s*",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern REMOTE_IP_IS =
      Pattern.compile("remote ip is\\s++([^\\s,]{1,64})", Pattern.CASE_INSENSITIVE);

  private static final Pattern FULL_NAME =
      Pattern.compile("authentication for \\S{1,320}+ <([^<>]{1,256})>", Pattern.CASE_INSENSITIVE);

  static EventInfo parse(String text) {
    if (text == null || text.isBlank()) {
      return EMPTY;
    }
    Map<String, String> values = keyValues(text);
    String ip = firstIpLiteral(values.get("ip"));
    if (ip == null) {
      Matcher remote = REMOTE_IP_IS.matcher(text);
      String last = null;
      while (remote.find()) {
        last = remote.group(1);
      }
      ip = firstIpLiteral(last);
    }
    Matcher name = FULL_NAME.matcher(text);
    return new EventInfo(
        ip,
        values.get("application"),
        values.get("method"),
        values.get("reason"),
        values.get("2fa"),
        name.find() ? blankToNull(name.group(1)) : null);
  }

  private static Map<String, String> keyValues(String text) {
    Map<String, String> values = new HashMap<>();
    Matcher key = KEY.matcher(text);
    String currentKey = null;
    int valueStart = 0;
    while (key.find()) {
      if (currentKey != null) {
        put(values, currentKey, text.substring(valueStart, key.start()));
      }
      currentKey = key.group(1).toLowerCase(Locale.ROOT);
      valueStart = key.end();
    }
    if (currentKey != null) {
      put(values, currentKey, text.substring(valueStart));
    }
    return values;
  }

  private static void put(Map<String, String> values, String key, String raw) {
    String value = trimSeparators(raw);
    if (value != null) {
      values.put(key, value);
    } else {
      values.remove(key); // a later empty value replaces an earlier one: last occurrence wins
    }
  }

  /** Strips whitespace and the ", " separators around a value; blank → null. */
  private static String trimSeparators(String raw) {
    int start = 0;
    int end = raw.length();
    while (start < end && isSeparator(raw.charAt(start))) {
      start++;
    }
    while (end > start && isSeparator(raw.charAt(end - 1))) {
      end--;
    }
    return start == end ? null : raw.substring(start, end);
  }

  private static boolean isSeparator(char c) {
    return c == ',' || Character.isWhitespace(c) || Character.isISOControl(c);
  }

  /** The first whitespace/comma-separated token of the value that is an IP literal, else null. */
  private static String firstIpLiteral(String value) {
    if (value == null) {
      return null;
    }
    for (String token : value.split("[\\s,]+", 8)) {
      String candidate = stripBrackets(token);
      if (IpLiterals.isLiteral(candidate)) {
        return candidate.toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  private static String stripBrackets(String token) {
    if (token.length() > 2 && token.startsWith("[") && token.endsWith("]")) {
      return token.substring(1, token.length() - 1);
    }
    return token;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
