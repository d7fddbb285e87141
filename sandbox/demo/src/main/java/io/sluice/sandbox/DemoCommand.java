package io.sluice.sandbox;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.streams.app.StreamsApp;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice demo}: the whole pipeline in one process. An in-process Kafka broker, an in-memory
 * schema registry, the vendor API simulators serving a scripted attack scenario ({@link
 * DemoScenario}), the real connectors polling them over HTTP ({@link DemoConnectors}), the VIP
 * list, and the streams app with its risk API. Prints each alert as one line as it arrives ({@link
 * AlertPrinter}), then a summary ({@link DemoSummary}); exits 0 once every expected rule fired, 1
 * naming the rules that did not within {@code --timeout}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Run broker, registry, vendor simulators, connectors and the streams app in one process;"
            + " print alerts as the scripted attacks are detected.")
public final class DemoCommand implements Callable<Integer> {
  /** Every built-in rule: the scenario scripts an attack for each. */
  static final Set<String> EXPECTED_RULES =
      Set.of(
          "auth.failed-login-burst",
          "auth.password-spray",
          "auth.success-after-failures",
          "url.repeat-malicious-click",
          "url.click-campaign",
          "email.vip-impersonation",
          "email.attachment-campaign",
          "dlp.repeat-violations",
          "correlated.click-then-login");

  @Option(
      names = "--timeout",
      defaultValue = "120s",
      paramLabel = "DURATION",
      description = "Give up after this long (default ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "Directory of extra rule files (*.yaml).")
  Path rules;

  @Option(
      names = "--endpoints-file",
      paramLabel = "FILE",
      description = {
        "Once everything is up, write the addresses of broker, registry, streams app, /metrics and",
        "simulators to FILE as JSON. The registry is then a real one over HTTP (Apicurio, a few",
        "seconds more to start) instead of the in-memory one, so other clients can decode."
      })
  Path endpointsFile;

  @Override
  public Integer call() throws Exception {
    DemoLogging.quiet();
    PrintStream out = System.out;
    long started = System.nanoTime();
    Duration limit = Duration.parse("PT" + timeout.toUpperCase(Locale.ROOT));
    List<Rule> loaded = new RuleLoader().load(Optional.ofNullable(rules));
    Path stateDir = Files.createTempDirectory("sluice-demo-state");
    out.println("sluice demo: starting Kafka (in-process KRaft broker) ...");
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        ApicurioRegistry http = endpointsFile == null ? null : ApicurioRegistry.start()) {
      String registry = http == null ? "mem://demo-" + UUID.randomUUID() : http.url();
      PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      try (StreamsApp app = DemoStreams.start(kafka, registry, stateDir, loaded, meters)) {
        URI riskApi = URI.create("http://127.0.0.1:" + app.httpPort() + "/api/users/risk?top=5");
        out.printf(
            "sluice demo: broker %s, registry %s, %d rules; risk API %s%n",
            kafka.bootstrapServers(), registry, loaded.size(), riskApi);
        // The connectors start while the streams app joins its group: raw topics buffer for it.
        try (DemoScenario scenario = DemoScenario.start(Instant.now());
            DemoConnectors connectors =
                endpointsFile == null
                    ? DemoConnectors.start(kafka.bootstrapServers(), scenario)
                    : DemoConnectors.startServing(kafka.bootstrapServers(), scenario);
            AlertPrinter alerts = new AlertPrinter(kafka.consumerConfig("demo"), registry, out)) {
          out.printf(
              "sluice demo: %d connectors polling the Okta, Mimecast, Entra ID and CrowdStrike"
                  + " simulators (%d records, scripted attacks); alerts follow%n",
              connectors.count(), scenario.records());
          if (!app.awaitRunning(limit)) {
            out.println("sluice demo: the streams app did not start: " + app.state());
            return 1;
          }
          if (endpointsFile != null) {
            writeEndpoints(kafka, registry, app, connectors, scenario);
            out.println("sluice demo: endpoints in " + endpointsFile);
          }
          Set<String> missing =
              alerts.printUntilFired(EXPECTED_RULES, limit.minus(elapsed(started)));
          DemoSummary summary = new DemoSummary(meters, riskApi);
          summary.awaitSettled(scenario.records(), Duration.ofSeconds(10));
          alerts.drain(Duration.ofMillis(600));
          summary.print(out, alerts.alertsPerRule());
          connectors.failures().forEach((c, why) -> out.println("sluice demo: " + c + ": " + why));
          if (!missing.isEmpty()) {
            out.println(
                "sluice demo: FAILED after "
                    + timeout
                    + ": no alert from "
                    + String.join(", ", missing));
            return 1;
          }
          out.printf(
              Locale.ROOT,
              "sluice demo: every expected rule fired (%d) in %.1f s%n",
              EXPECTED_RULES.size(),
              elapsed(started).toMillis() / 1000.0);
          return 0;
        }
      }
    } finally {
      deleteRecursively(stateDir);
    }
  }

  private void writeEndpoints(
      EmbeddedKafka kafka,
      String registry,
      StreamsApp app,
      DemoConnectors connectors,
      DemoScenario scenario)
      throws IOException, InterruptedException {
    List<String> metrics = new ArrayList<>();
    metrics.add("http://127.0.0.1:" + app.managementPort() + "/metrics");
    connectors.metricsUrls(Duration.ofSeconds(30)).forEach(u -> metrics.add(u.toString()));
    new Endpoints(
            kafka.bootstrapServers(),
            registry,
            "http://127.0.0.1:" + app.httpPort() + "/",
            metrics,
            Endpoints.simulatorUrls(scenario))
        .writeTo(endpointsFile);
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("sluice demo: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
