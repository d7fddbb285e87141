package io.sluice.streams.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Parsing and validation of the risk API's parameters; pure, so every rule is unit-tested. */
public final class ApiRequests {
  public static final int DEFAULT_TOP = 10;
  public static final int MAX_TOP = 1000;

  /** Longer than any e-mail address (RFC 5321 allows 254); longer input is refused, not cut. */
  public static final int MAX_USER_LENGTH = 320;

  private ApiRequests() {}

  /**
   * The {@code top} parameter of a raw query string.
   *
   * @param rawQuery as sent, may be null
   */
  public static int top(String rawQuery) {
    Optional<String> value = queryParameter(rawQuery, "top");
    if (value.isEmpty()) {
      return DEFAULT_TOP;
    }
    String text = value.get().strip();
    int top;
    try {
      top = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new BadRequestException(topMessage());
    }
    if (top < 1 || top > MAX_TOP) {
      throw new BadRequestException(topMessage());
    }
    return top;
  }

  private static String topMessage() {
    return "parameter 'top' must be a whole number from 1 to " + MAX_TOP;
  }

  /**
   * A user name from one raw path segment: percent-decoded ({@code +} stays a plus, as in paths),
   * trimmed and lower-cased, as canonical records key users.
   */
  public static String user(String rawSegment) {
    String decoded;
    try {
      decoded = URLDecoder.decode(rawSegment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("user is not validly percent-encoded");
    }
    String user = decoded.strip().toLowerCase(Locale.ROOT);
    if (user.isEmpty()) {
      throw new BadRequestException("user must not be empty");
    }
    if (user.length() > MAX_USER_LENGTH) {
      throw new BadRequestException("user must be at most " + MAX_USER_LENGTH + " characters");
    }
    if (user.chars().anyMatch(Character::isISOControl)) {
      throw new BadRequestException("user must not contain control characters");
    }
    return user;
  }

  /** A query parameter, percent-decoded; empty if absent. */
  public static Optional<String> queryParameter(String rawQuery, String name) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Optional.empty();
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (decode(key).equals(name)) {
        return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return Optional.empty();
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("query string is not validly percent-encoded");
    }
  }
}
