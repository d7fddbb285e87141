package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric and label the Grafana dashboards query is one the apps export: the streams app and
 * the nine connectors run the demo's scenario (simulators over HTTP, in-process broker), and their
 * {@code /metrics} are scraped until the scenario has made every series the dashboards need.
 */
class DashboardMetricsIT {
  private static final Duration SCENARIO = Duration.ofSeconds(150);

  @Test
  void shouldExportEveryMetricAndLabelTheDashboardsQuery(@TempDir Path stateDir) throws Exception {
    List<Dashboards.Query> queries = Dashboards.queries();
    assertThat(queries).hasSizeGreaterThan(20);

    try (RunningPipeline pipeline = RunningPipeline.start(stateDir)) {
      await("every metric and label the dashboards query, on some app's /metrics")
          .atMost(SCENARIO)
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () ->
                  assertThat(Dashboards.notExported(queries, Scrape.of(pipeline.allMetrics())))
                      .as("not exported")
                      .isEmpty());
      assertThat(pipeline.connectors().failures()).isEmpty();
    }
  }
}
