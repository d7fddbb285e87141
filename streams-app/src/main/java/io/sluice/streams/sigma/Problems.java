package io.sluice.streams.sigma;

import java.util.List;

/**
 * Collects what is wrong with one rule document, each as {@code <file>: rule '<id or title>': key
 * '<path>': <what is wrong>} — the shape of the messages of Sluice's own rule files.
 */
final class Problems {
  private final String origin;
  private final List<String> sink;
  private String rule;

  Problems(String origin, String rule, List<String> sink) {
    this.origin = origin;
    this.rule = rule;
    this.sink = sink;
  }

  /** Names the rule by its id or title once they are read. */
  void rule(String label) {
    this.rule = label;
  }

  String rule() {
    return rule;
  }

  String origin() {
    return origin;
  }

  void add(String key, String what) {
    sink.add(origin + ": rule '" + rule + "': key '" + key + "': " + what);
  }

  /** A problem of the whole rule, not of one key. */
  void addRule(String what) {
    sink.add(origin + ": rule '" + rule + "': " + what);
  }

  int count() {
    return sink.size();
  }
}
