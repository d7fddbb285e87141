package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.sandbox.traffic.MixedTraffic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one side (the copy, the whole app, the app normalising only) of one pipeline run measured,
 * and the figures and checks {@link PipelineBench} derives from the sides: a run's report, records
 * written per event, the median app run, and what is missing.
 */
record PipelineSide(
    Kind kind,
    double rps,
    double seconds,
    double inputSeconds,
    Map<String, TopicScan.Count> written,
    long canonicalSeen,
    long canonicalDuplicates,
    Set<MixedTraffic.ExpectedAlert> alertsSeen,
    long alertRecords,
    long commits,
    List<JsonNode> workers) {

  enum Kind {
    COPY,
    SLUICE,
    NORMALIZE
  }

  static Map<String, Object> runReport(
      int run, List<Kind> order, Map<Kind, PipelineSide> sides, RawLoad.Loaded loaded) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("run", run);
    r.put("order", order.stream().map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
    for (Kind k : order) {
      PipelineSide s = sides.get(k);
      Map<String, Object> side = new LinkedHashMap<>();
      side.put("rps", Math.round(s.rps));
      side.put("seconds", s.seconds);
      side.put("input_seconds", s.inputSeconds);
      side.put("records_written_per_event", perEvent(s.written, loaded.records()));
      side.put("markers_per_commit", s.markersPerCommit());
      side.put("commits", s.commits);
      if (k != Kind.COPY) {
        side.put("canonical_seen", s.canonicalSeen);
        side.put("canonical_duplicates", s.canonicalDuplicates);
      }
      if (k == Kind.SLUICE) {
        side.put("alerts_seen", s.alertsSeen.size());
        side.put("alert_records", s.alertRecords);
      }
      side.put("workers", s.workers);
      r.put(k.name().toLowerCase(Locale.ROOT), side);
    }
    PipelineSide copy = sides.get(Kind.COPY);
    r.put("ratio", sides.get(Kind.SLUICE).rps / copy.rps);
    r.put("normalize_only_ratio", sides.get(Kind.NORMALIZE).rps / copy.rps);
    return r;
  }

  /** Records written per input event, by topic, and their total; topics with none left out. */
  static Map<String, Double> perEvent(Map<String, TopicScan.Count> written, long events) {
    Map<String, Double> out = new LinkedHashMap<>();
    long total = written.values().stream().mapToLong(TopicScan.Count::records).sum();
    out.put("total", round((double) total / events));
    written.forEach(
        (t, c) -> {
          if (c.records() > 0) {
            out.put(t, round((double) c.records() / events));
          }
        });
    return out;
  }

  /** Offsets that are not records (commit markers, aborted records) per committed transaction. */
  double markersPerCommit() {
    long markers = written.values().stream().mapToLong(c -> c.offsets() - c.records()).sum();
    return commits == 0 ? 0 : round((double) markers / commits);
  }

  static PipelineSide medianByTotal(List<PipelineSide> apps, long events) {
    List<PipelineSide> sorted = new ArrayList<>(apps);
    sorted.sort(
        (a, b) ->
            Double.compare(
                perEvent(a.written, events).get("total"),
                perEvent(b.written, events).get("total")));
    return sorted.get((sorted.size() - 1) / 2);
  }

  static List<Double> rates(List<PipelineSide> all, Kind kind) {
    return all.stream().filter(s -> s.kind == kind).map(PipelineSide::rps).toList();
  }

  static List<String> failures(
      RawLoad.Loaded loaded, Set<MixedTraffic.ExpectedAlert> expected, List<PipelineSide> all) {
    List<String> failures = new ArrayList<>();
    int run = 0;
    for (PipelineSide s : all) {
      if (s.kind == Kind.COPY) {
        long copied = s.written.values().stream().mapToLong(TopicScan.Count::records).sum();
        if (copied != loaded.records()) {
          failures.add("copy wrote " + copied + " records, expected " + loaded.records());
        }
        continue;
      }
      if (s.kind == Kind.SLUICE) {
        run++;
        Set<MixedTraffic.ExpectedAlert> missing = new HashSet<>(expected);
        missing.removeAll(s.alertsSeen);
        if (!missing.isEmpty()) {
          failures.add(
              "whole app, run "
                  + run
                  + ": "
                  + missing.size()
                  + " expected alerts missing: "
                  + missing);
        }
      }
      if (s.canonicalSeen != loaded.records()) {
        failures.add(
            s.kind.name().toLowerCase(Locale.ROOT)
                + ": "
                + (loaded.records() - s.canonicalSeen)
                + " expected canonical records missing");
      }
    }
    return failures;
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
