package io.sluice.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The Grafana dashboards under deploy/grafana/dashboards and the PromQL their panels run. */
final class Dashboards {
  static final Path DIRECTORY = Path.of("grafana", "dashboards");

  /** Labels Prometheus adds when it scrapes, so no app exports them. */
  static final Set<String> TARGET_LABELS = Set.of("job", "instance");

  /** One panel query: where it is and what it reads. */
  record Query(String dashboard, String panel, String expr, PromQl.Query parsed) {
    @Override
    public String toString() {
      return dashboard + " / " + panel + ": " + expr;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private Dashboards() {}

  /** Every dashboard by file name. */
  static Map<String, JsonNode> all() throws IOException {
    Map<String, JsonNode> dashboards = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(DIRECTORY)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        dashboards.put(file.getFileName().toString(), JSON.readTree(file.toFile()));
      }
    }
    return dashboards;
  }

  static List<Query> queries() throws IOException {
    List<Query> queries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> dashboard : all().entrySet()) {
      for (JsonNode panel : dashboard.getValue().path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          String expr = target.path("expr").asText();
          queries.add(
              new Query(
                  dashboard.getKey(), panel.path("title").asText(), expr, PromQl.parse(expr)));
        }
      }
    }
    return queries;
  }

  /**
   * What the queries read that the scrape does not hold: a metric no app exports, or a label (in a
   * matcher or a grouping) that none of the query's metrics carries. Empty when all is there.
   */
  static Set<String> notExported(List<Query> queries, Scrape scrape) {
    Set<String> problems = new TreeSet<>();
    for (Query query : queries) {
      Set<String> labelsOfQuery = new TreeSet<>(TARGET_LABELS);
      for (PromQl.Selector selector : query.parsed().selectors()) {
        if (!scrape.has(selector.metric())) {
          problems.add("metric " + selector.metric() + " (" + query + ")");
          continue;
        }
        Set<String> labels = scrape.labels(selector.metric());
        labelsOfQuery.addAll(labels);
        for (PromQl.Matcher matcher : selector.matchers()) {
          if (!TARGET_LABELS.contains(matcher.label()) && !labels.contains(matcher.label())) {
            problems.add(
                "label " + matcher.label() + " of " + selector.metric() + " (" + query + ")");
          }
        }
      }
      for (String label : query.parsed().groupingLabels()) {
        if (!labelsOfQuery.contains(label)) {
          problems.add("grouping label " + label + " (" + query + ")");
        }
      }
    }
    return problems;
  }
}
