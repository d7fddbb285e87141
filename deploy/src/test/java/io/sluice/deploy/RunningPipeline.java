package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * The streams app and the nine demo connectors on an in-process broker, running the demo's scenario
 * (simulators over HTTP), each serving {@code /metrics} on its own loopback port: what the
 * dashboards and Prometheus checks scrape.
 */
final class RunningPipeline implements AutoCloseable {
  private final EmbeddedKafka kafka;
  private final StreamsApp app;
  private final DemoScenario scenario;
  private final DemoConnectors connectors;
  private final List<URI> connectorMetrics;

  private RunningPipeline(
      EmbeddedKafka kafka, StreamsApp app, DemoScenario scenario, DemoConnectors connectors)
      throws InterruptedException {
    this.kafka = kafka;
    this.app = app;
    this.scenario = scenario;
    this.connectors = connectors;
    this.connectorMetrics = connectors.metricsUrls(Duration.ofSeconds(60));
    assertThat(connectorMetrics).as("every connector serves /metrics").hasSize(9);
  }

  static RunningPipeline start(Path stateDir) throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    StreamsApp app = null;
    DemoScenario scenario = null;
    try {
      app =
          DemoStreams.start(
              kafka,
              "mem://deploy-" + UUID.randomUUID(),
              stateDir,
              new RuleLoader().load(Optional.empty()),
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      scenario = DemoScenario.start(Instant.now());
      return new RunningPipeline(
          kafka, app, scenario, DemoConnectors.startServing(kafka.bootstrapServers(), scenario));
    } catch (Exception | AssertionError e) {
      closeAll(scenario, app, kafka);
      throw e;
    }
  }

  URI streamsMetrics() {
    return URI.create("http://127.0.0.1:" + app.managementPort() + "/metrics");
  }

  List<URI> connectorMetrics() {
    return connectorMetrics;
  }

  /** The streams app's {@code /metrics}, then every connector's. */
  List<URI> allMetrics() {
    List<URI> all = new ArrayList<>();
    all.add(streamsMetrics());
    all.addAll(connectorMetrics);
    return all;
  }

  DemoConnectors connectors() {
    return connectors;
  }

  @Override
  public void close() throws Exception {
    closeAll(connectors, scenario, app, kafka);
  }

  private static void closeAll(AutoCloseable... all) throws Exception {
    Exception first = null;
    for (AutoCloseable c : all) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
