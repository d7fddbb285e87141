package io.sluice.connectors.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectorMetricsTest {

  @Test
  void shouldExposeTheDocumentedPrometheusNamesAndLabels() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ConnectorMetrics metrics = new ConnectorMetrics(registry, "okta.system-log");

    metrics.request("200");
    metrics.request("429");
    metrics.rateLimited();
    metrics.records(3);
    metrics.error(ErrorKind.RETRYABLE.label());
    metrics.lag(Duration.ofSeconds(90));
    metrics.lastSuccess(Instant.ofEpochSecond(1_714_680_000));
    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("sluice_connector_requests_total{source=\"okta.system-log\",status=\"200\"} 1.0")
        .contains("sluice_connector_requests_total{source=\"okta.system-log\",status=\"429\"} 1.0")
        .contains("sluice_connector_rate_limited_total{source=\"okta.system-log\"} 1.0")
        .contains("sluice_connector_records_total{source=\"okta.system-log\"} 3.0")
        .contains(
            "sluice_connector_errors_total{kind=\"retryable\",source=\"okta.system-log\"} 1.0")
        .contains("sluice_connector_lag_seconds{source=\"okta.system-log\"} 90.0")
        .contains(
            "sluice_connector_last_success_timestamp_seconds{source=\"okta.system-log\"} 1.71468E9");
  }
}
