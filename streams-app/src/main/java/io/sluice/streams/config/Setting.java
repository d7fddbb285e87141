package io.sluice.streams.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * One declared configuration key: its default, how its value is checked, whether it is a secret and
 * what it means. {@link Settings} holds the table; validation, the environment-variable names and
 * the table in docs/configuration.md all come from it.
 *
 * @param defaultValue null when the key is optional
 * @param check returns the problem with a value, or empty when it is fine
 */
public record Setting(
    String key,
    String defaultValue,
    Function<String, Optional<String>> check,
    boolean secret,
    String doc) {

  /**
   * The environment variable that sets this key: {@code time.max-future} → {@code
   * SLUICE_TIME_MAX_FUTURE}.
   */
  public String environmentName() {
    return environmentName(key);
  }

  static String environmentName(String key) {
    return "SLUICE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  static Setting text(String key, String defaultValue, String doc) {
    return new Setting(
        key,
        defaultValue,
        v -> v.isBlank() ? Optional.of("is empty") : Optional.empty(),
        false,
        doc);
  }

  static Setting optional(String key, String doc) {
    return new Setting(key, null, v -> Optional.empty(), false, doc);
  }

  static Setting secret(String key, String doc) {
    return new Setting(key, null, v -> Optional.empty(), true, doc);
  }

  static Setting oneOf(String key, String defaultValue, List<String> allowed, String doc) {
    return new Setting(
        key,
        defaultValue,
        v ->
            allowed.contains(v)
                ? Optional.empty()
                : Optional.of("must be " + String.join(" or ", allowed) + ", got '" + v + "'"),
        false,
        doc);
  }

  static Setting integer(String key, int defaultValue, int min, int max, String doc) {
    return new Setting(
        key,
        Integer.toString(defaultValue),
        v -> {
          try {
            int parsed = Integer.parseInt(v);
            return parsed < min || parsed > max
                ? Optional.of("must be between " + min + " and " + max + ", got " + parsed)
                : Optional.empty();
          } catch (NumberFormatException e) {
            return Optional.of("'" + v + "' is not a whole number");
          }
        },
        false,
        doc);
  }

  /** A duration ({@code 30s}, {@code 10m}, {@code 6h}, {@code 7d} or ISO-8601) of at least min. */
  static Setting duration(String key, String defaultValue, Duration min, String doc) {
    return parsed(
        key,
        defaultValue,
        Durations::parse,
        d -> d.compareTo(min) < 0 ? "must be at least " + Durations.format(min) : null,
        "is not a duration (e.g. 30s, 10m, 6h, 7d or ISO-8601 PT6H)",
        doc);
  }

  /** A size in bytes, with an optional {@code KiB}, {@code MiB} or {@code GiB} suffix. */
  static Setting bytes(String key, String defaultValue, long min, String doc) {
    return parsed(
        key,
        defaultValue,
        Sizes::parse,
        n -> n < min ? "must be at least " + min + " bytes" : null,
        "is not a size (e.g. 268435456, 256MiB, 1GiB)",
        doc);
  }

  /**
   * A value that must parse, and then pass a check.
   *
   * @param problem the problem with a parsed value, or null when it is fine
   */
  private static <T> Setting parsed(
      String key,
      String defaultValue,
      Function<String, Optional<T>> parser,
      Function<T, String> problem,
      String unparsable,
      String doc) {
    return new Setting(
        key,
        defaultValue,
        v ->
            parser
                .apply(v)
                .map(parsed -> Optional.ofNullable(problem.apply(parsed)))
                .orElse(Optional.of("'" + v + "' " + unparsable)),
        false,
        doc);
  }

  static Setting fraction(String key, String defaultValue, String doc) {
    return new Setting(
        key,
        defaultValue,
        v -> {
          try {
            double d = Double.parseDouble(v);
            return d > 0 && d < 1
                ? Optional.empty()
                : Optional.of("must be between 0 and 1 (exclusive), got " + v);
          } catch (NumberFormatException e) {
            return Optional.of("'" + v + "' is not a number");
          }
        },
        false,
        doc);
  }
}
