package io.sluice.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

  /** {@code {"median", "min", "max"}} rounded to {@code decimals}. */
  static Map<String, Double> json(List<Double> values, int decimals) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (values.isEmpty()) {
      return out;
    }
    double scale = Math.pow(10, decimals);
    out.put("median", Math.round(median(values) * scale) / scale);
    out.put("min", Math.round(Collections.min(values) * scale) / scale);
    out.put("max", Math.round(Collections.max(values) * scale) / scale);
    return out;
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
