package io.sluice.streams.config;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes in configuration: {@code 268435456}, {@code 256MiB}, {@code 1GiB}. */
public final class Sizes {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|kib|mib|gib)");

  private Sizes() {}

  public static Optional<Long> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException tooBig) {
      return Optional.empty();
    }
    long unit =
        switch (m.group(2)) {
          case "kib" -> 1L << 10;
          case "mib" -> 1L << 20;
          case "gib" -> 1L << 30;
          default -> 1L;
        };
    return n > Long.MAX_VALUE / unit ? Optional.empty() : Optional.of(n * unit);
  }
}
