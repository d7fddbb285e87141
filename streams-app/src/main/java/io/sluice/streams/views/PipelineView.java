package io.sluice.streams.views;

import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pipeline view's numbers, read from this instance's own meters rather than kept in a store:
 * the normaliser counts them already (docs/operations.md, "Metrics"), so the view costs the
 * pipeline nothing. They count since the instance started; summed across instances they are the
 * deployment's.
 */
final class PipelineView {
  /** Meter → (tag that names the row, the row-kind prefix in {@link ViewData#pipeline}). */
  private static final Map<String, String[]> METERS =
      Map.of(
          "sluice_raw_records", new String[] {"source", "raw"},
          "sluice_canonical_events", new String[] {"source", "canonical"},
          "sluice_dead_letters", new String[] {"reason", "dlq"},
          "sluice_duplicates_dropped", new String[] {"source", "duplicates"},
          "sluice_late_events", new String[] {"source", "late"},
          "kafka.consumer.fetch.manager.records.lag", new String[] {"topic", "lag"});

  private PipelineView() {}

  /** {@code <kind>|<row>} → value, e.g. {@code raw|okta.system-log} → 120. */
  static Map<String, Double> read(MeterRegistry registry) {
    Map<String, Double> values = new TreeMap<>();
    for (Meter meter : registry.getMeters()) {
      String[] row = METERS.get(meter.getId().getName());
      if (row == null) {
        continue;
      }
      String label = meter.getId().getTag(row[0]);
      double value = 0;
      for (Measurement m : meter.measure()) {
        value = m.getValue();
        break; // a counter's COUNT, a gauge's VALUE: the first measurement
      }
      if (label != null && !Double.isNaN(value)) {
        values.merge(row[1] + "|" + label, value, Double::sum);
      }
    }
    return values;
  }
}
