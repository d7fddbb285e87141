package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.sandbox.DemoConnectors;
import io.sluice.sandbox.DemoScenario;
import io.sluice.sandbox.DemoStreams;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.streams.app.StreamsApp;
import io.sluice.streams.detect.RuleLoader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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

    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        StreamsApp app =
            DemoStreams.start(
                kafka,
                "mem://dashboards-" + UUID.randomUUID(),
                stateDir,
                new RuleLoader().load(Optional.empty()),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        DemoScenario scenario = DemoScenario.start(Instant.now());
        DemoConnectors connectors =
            DemoConnectors.startServing(kafka.bootstrapServers(), scenario)) {
      List<URI> endpoints = new ArrayList<>();
      endpoints.add(URI.create("http://127.0.0.1:" + app.managementPort() + "/metrics"));
      endpoints.addAll(connectors.metricsUrls(Duration.ofSeconds(60)));
      assertThat(endpoints).as("the streams app and every connector").hasSize(10);

      await("every metric and label the dashboards query, on some app's /metrics")
          .atMost(SCENARIO)
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(
              () ->
                  assertThat(Dashboards.notExported(queries, Scrape.of(endpoints)))
                      .as("not exported")
                      .isEmpty());
      assertThat(connectors.failures()).isEmpty();
    }
  }
}
