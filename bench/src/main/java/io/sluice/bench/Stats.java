package io.sluice.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median and spread of repeated measurements: the machine is shared, one run proves nothing. */
final class Stats {
  private Stats() {}

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** {@code median (min–max, n runs)}, numbers rounded to whole units. */
  static String summary(List<Double> values) {
    return String.format(
        Locale.ROOT,
        "%,.0f (min %,.0f, max %,.0f, %d runs)",
        median(values),
        Collections.min(values),
        Collections.max(values),
        values.size());
  }

  static String ratios(List<Double> values) {
    return String.format(
        Locale.ROOT,
        "%.2f (min %.2f, max %.2f, %d runs)",
        median(values),
        Collections.min(values),
        Collections.max(values),
        values.size());
  }
}
