package io.sluice.streams.detect;

import java.util.Locale;

/**
 * What a rule groups by, which decides the processor that runs it: {@link #USER} when it groups by
 * its classes' record key (the user, already the key of every canonical topic), otherwise the
 * group-by field paths (e.g. {@code src_ip}, {@code url}, {@code file.sha256}). All rules of one
 * key type share one processor and one store.
 *
 * @param name {@code user}, or the group-by paths joined by {@code +}
 */
public record KeyType(String name) {
  public static final KeyType USER = new KeyType("user");

  /**
   * Sigma rules: one processor for all of them, keyed by the event's principal or the correlation's
   * group-by values, fed from the raw records of the feeds their logsources name.
   */
  public static final KeyType SIGMA = new KeyType("sigma");

  public boolean isUser() {
    return this.equals(USER);
  }

  /** The name as it appears in store and topic names (letters, digits, '.', '_', '-'). */
  public String id() {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
  }

  public String storeName() {
    return "detect-" + id();
  }

  static KeyType of(Rule rule) {
    if (rule.sigma().isPresent()) {
      return SIGMA;
    }
    return rule.groupsByRecordKey() ? USER : new KeyType(rule.entityType());
  }
}
