package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.sandbox.harness.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus server, for real, against a running streams app and the nine demo connectors
 * (in-process broker, simulators over HTTP): a generated config scrapes every {@code /metrics}
 * under the job names of deploy/prometheus and loads deploy/prometheus/sluice-alerts.yml;
 * Prometheus' HTTP API says every target is up, the rules load, and named {@code sluice_*} series
 * of both the app and the connectors are stored. {@code promtool check metrics} lints each {@code
 * /metrics} body: nothing on Sluice's own names, and on Kafka's client metrics exactly the findings
 * that docs/operations.md lists.
 */
class PrometheusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration SCRAPED = Duration.ofSeconds(120);

  private static final Path OPERATIONS = Path.of("../docs/operations.md");
  private static final Pattern LINT_ROW =
      Pattern.compile("^\\| `(kafka_[a-z0-9_]+)` \\| (.+) \\|$");

  @TempDir static Path dir;
  private static RunningPipeline pipeline;
  private static Process prometheus;
  private static URI api;
  private static Path promtool;

  @BeforeAll
  static void startPipelineAndPrometheus() throws Exception {
    Path server = Tools.require("prometheus");
    promtool = Tools.require("promtool");
    pipeline = RunningPipeline.start(Files.createDirectories(dir.resolve("state")));
    Files.copy(Path.of("prometheus/sluice-alerts.yml"), dir.resolve("sluice-alerts.yml"));
    Files.writeString(dir.resolve("prometheus.yml"), config());
    int port = FreePorts.pick(1)[0];
    api = URI.create("http://127.0.0.1:" + port + "/api/v1/");
    prometheus =
        new ProcessBuilder(
                server.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("data")),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void shouldScrapeTheSluiceSeriesOfTheStreamsAppAndTheConnectors() {
    await("every target up")
        .atMost(SCRAPED)
        .pollInterval(Duration.ofSeconds(1))
        .failFast("prometheus exited", () -> !prometheus.isAlive())
        .untilAsserted(
            () -> {
              JsonNode targets = get("targets?state=active").path("activeTargets");
              assertThat(targets).hasSize(10);
              assertThat(targets)
                  .allSatisfy(
                      t -> assertThat(t.path("health").asText()).as(t.toString()).isEqualTo("up"));
            });

    await("the streams app's and the connectors' sluice_* series")
        .atMost(SCRAPED)
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(value("sluice_ready{job=\"sluice-streams\"}")).isEqualTo(1);
              assertThat(value("count(sluice_ready{job=\"sluice-connectors\"} == 1)")).isEqualTo(9);
              assertThat(value("sum(sluice_raw_records_total{job=\"sluice-streams\"})"))
                  .isPositive();
              assertThat(value("sum(sluice_canonical_events_total{job=\"sluice-streams\"})"))
                  .isPositive();
              assertThat(
                      value(
                          "count(sluice_dependency_up{job=\"sluice-streams\",dependency=\"kafka\"}"
                              + " == 1)"))
                  .isEqualTo(1);
              assertThat(
                      value(
                          "count(sluice_connector_last_success_timestamp_seconds"
                              + "{job=\"sluice-connectors\"})"))
                  .isEqualTo(9);
              assertThat(value("sum(sluice_connector_records_total{job=\"sluice-connectors\"})"))
                  .isPositive();
            });
  }

  @Test
  void shouldLoadTheAlertRulesAndEvaluateThemWithoutErrors() {
    await("the alert rules evaluated")
        .atMost(SCRAPED)
        .pollInterval(Duration.ofSeconds(1))
        .failFast("prometheus exited", () -> !prometheus.isAlive())
        .untilAsserted(
            () -> {
              List<JsonNode> rules = new ArrayList<>();
              get("rules").path("groups").forEach(g -> g.path("rules").forEach(rules::add));
              assertThat(rules).hasSize(11);
              assertThat(rules)
                  .allSatisfy(
                      r -> {
                        assertThat(r.path("health").asText()).as(r.toString()).isEqualTo("ok");
                        assertThat(r.path("lastEvaluation").asText()).doesNotStartWith("0001");
                      });
            });
  }

  @Test
  void shouldPassPromtoolsLintOnSluiceNamesWithExactlyTheDocumentedKafkaFindings()
      throws Exception {
    Set<String> documented = documentedKafkaFindings();
    assertThat(documented).hasSizeGreaterThan(10);

    // some Kafka client metrics exist only once a client has connected or committed: wait for them
    await("promtool's findings on every /metrics")
        .atMost(SCRAPED)
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              Set<String> sluice = new TreeSet<>();
              Set<String> kafka = new TreeSet<>();
              for (URI endpoint : pipeline.allMetrics()) {
                for (String finding : lint(fetch(endpoint))) {
                  (finding.startsWith("sluice_") ? sluice : kafka).add(finding);
                }
              }
              assertThat(sluice).as("promtool findings on Sluice's own metrics").isEmpty();
              assertThat(kafka)
                  .as(
                      "promtool findings on Kafka's client metrics, as docs/operations.md lists them")
                  .isEqualTo(documented);
            });
  }

  /** The table under "Prometheus lint" in docs/operations.md, as promtool prints its findings. */
  private static Set<String> documentedKafkaFindings() throws IOException {
    List<String> lines = Files.readAllLines(OPERATIONS);
    int from = lines.indexOf("### Prometheus lint");
    assertThat(from).as("docs/operations.md has a Prometheus lint section").isNotNegative();
    Set<String> findings = new TreeSet<>();
    for (String line : lines.subList(from + 1, lines.size())) {
      if (line.startsWith("#")) {
        break;
      }
      Matcher row = LINT_ROW.matcher(line);
      if (row.matches()) {
        findings.add(row.group(1) + " " + row.group(2));
      }
    }
    return findings;
  }

  /** {@code promtool check metrics}' findings, one {@code "<metric> <problem>"} per line. */
  private static List<String> lint(String body) throws IOException, InterruptedException {
    Path input = Files.writeString(Files.createTempFile(dir, "metrics-", ".txt"), body);
    Process process =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectInput(input.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    List<String> findings = output.lines().filter(l -> !l.isBlank()).toList();
    assertThat(process.exitValue()).as(output).isEqualTo(findings.isEmpty() ? 0 : 3);
    return findings;
  }

  private static String config() {
    return "global:\n"
        + "  scrape_interval: 1s\n"
        + "  evaluation_interval: 1s\n"
        + "rule_files: [sluice-alerts.yml]\n"
        + "scrape_configs:\n"
        + "  - job_name: sluice-streams\n"
        + "    static_configs:\n"
        + "      - targets: ["
        + hostPort(pipeline.streamsMetrics())
        + "]\n"
        + "  - job_name: sluice-connectors\n"
        + "    static_configs:\n"
        + "      - targets: ["
        + pipeline.connectorMetrics().stream()
            .map(PrometheusIT::hostPort)
            .collect(Collectors.joining(", "))
        + "]\n";
  }

  private static String hostPort(URI metrics) {
    return "\"" + metrics.getHost() + ":" + metrics.getPort() + "\"";
  }

  /** The single value of an instant query; -1 when it returns no series. */
  private static double value(String promQl) throws IOException, InterruptedException {
    JsonNode result =
        get("query?query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8)).path("result");
    assertThat(result.size()).as(promQl + " → " + result).isLessThanOrEqualTo(1);
    return result.isEmpty() ? -1 : result.get(0).path("value").get(1).asDouble();
  }

  private static JsonNode get(String path) throws IOException, InterruptedException {
    JsonNode answer = JSON.readTree(fetch(api.resolve(path)));
    assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("success");
    return answer.path("data");
  }

  private static String fetch(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(uri + " answered " + response.statusCode());
    }
    return response.body();
  }
}
