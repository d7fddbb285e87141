package io.sluice.sandbox;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.streams.app.StreamsApp;
import io.sluice.streams.config.Durations;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice demo}: the whole pipeline in one process. An in-process Kafka broker, an in-memory
 * schema registry, the vendor API simulators serving a scripted attack scenario ({@link
 * DemoScenario}), the real connectors polling them over HTTP ({@link DemoConnectors}), the VIP
 * list, and the streams app with its risk API. Prints each alert as one line as it arrives ({@link
 * AlertPrinter}), then a summary ({@link DemoSummary}); exits 0 once every expected rule fired, 1
 * naming the rules that did not within {@code --timeout}.
 *
 * <p>With {@code --follow} it keeps running until Ctrl-C ({@link StopSignal}): benign traffic and
 * the scripted attacks again every {@code --attack-interval} ({@link LiveTraffic}), a progress line
 * every few seconds, and a registry over HTTP (Apicurio) so that other clients decode the alerts.
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

  /** The streams app's views (the {@code http} module's pages), by path. */
  static final List<String> VIEWS =
      List.of("/", "/clicks", "/auth", "/email", "/dlp", "/alerts", "/pipeline");

  private static final Duration TICK = Duration.ofSeconds(2);
  private static final Duration PROGRESS = Duration.ofSeconds(5);

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

  @Option(
      names = "--follow",
      description = {
        "Keep running until Ctrl-C: benign traffic, the scripted attacks again every",
        "--attack-interval (new alerts each time), a progress line; the registry is Apicurio over",
        "HTTP (Confluent API), so kcat and Confluent's clients decode the alerts meanwhile."
      })
  boolean follow;

  @Option(
      names = "--attack-interval",
      defaultValue = "60s",
      paramLabel = "DURATION",
      description =
          "With --follow, repeat the scripted attacks this often (default ${DEFAULT-VALUE}).")
  String attackInterval;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Duration interval = attackInterval();
    StopSignal signal = follow ? StopSignal.install() : null;
    DemoLogging.quiet();
    PrintStream out = System.out;
    long started = System.nanoTime();
    Duration limit = Duration.parse("PT" + timeout.toUpperCase(Locale.ROOT));
    List<Rule> loaded = new RuleLoader().load(Optional.ofNullable(rules));
    Path stateDir = Files.createTempDirectory("sluice-demo-state");
    boolean serving = follow || endpointsFile != null;
    out.println("sluice demo: starting Kafka (in-process KRaft broker) ...");
    long stopping = 0;
    // a KRaft broker's controlled shutdown waits for its next heartbeat (2 s by default)
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Map.of("broker.heartbeat.interval.ms", "500"));
        ApicurioRegistry http = serving ? ApicurioRegistry.start() : null;
        // closed first: broker and registry do not need each other, so they stop side by side
        // (a few seconds each on a busy machine), and Ctrl-C ends --follow well within 10 s
        AutoCloseable infrastructure = () -> closeTogether(http, kafka)) {
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
                serving
                    ? DemoConnectors.startServing(kafka.bootstrapServers(), scenario)
                    : DemoConnectors.start(kafka.bootstrapServers(), scenario);
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
          DemoSummary summary = new DemoSummary(meters, riskApi);
          if (follow) {
            follow(signal, interval, kafka, registry, app, scenario, alerts, summary);
            stopping = System.nanoTime();
          } else {
            return untilFired(started, limit, scenario, connectors, alerts, summary);
          }
        }
      }
    } finally {
      deleteRecursively(stateDir);
    }
    out.printf(
        Locale.ROOT, "sluice demo: stopped in %.1f s%n", (System.nanoTime() - stopping) / 1e9);
    return 0;
  }

  /** Closes both at the same time; the first failure is thrown once both are closed. */
  private static void closeTogether(AutoCloseable first, AutoCloseable second) throws Exception {
    CompletableFuture<Void> other =
        CompletableFuture.runAsync(
            () -> {
              try {
                if (first != null) {
                  first.close();
                }
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
    try {
      second.close();
    } finally {
      try {
        other.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        throw e;
      }
    }
  }

  /** The plain demo's ending: every expected rule fired (0), or the time ran out (1). */
  private int untilFired(
      long started,
      Duration limit,
      DemoScenario scenario,
      DemoConnectors connectors,
      AlertPrinter alerts,
      DemoSummary summary) {
    PrintStream out = System.out;
    Set<String> missing = alerts.printUntilFired(EXPECTED_RULES, limit.minus(elapsed(started)));
    summary.awaitSettled(scenario.records(), Duration.ofSeconds(10));
    alerts.drain(Duration.ofMillis(600));
    summary.print(out, alerts.alertsPerRule());
    connectors.failures().forEach((c, why) -> out.println("sluice demo: " + c + ": " + why));
    if (!missing.isEmpty()) {
      out.println(
          "sluice demo: FAILED after " + timeout + ": no alert from " + String.join(", ", missing));
      return 1;
    }
    out.printf(
        Locale.ROOT,
        "sluice demo: every expected rule fired (%d) in %.1f s%n",
        EXPECTED_RULES.size(),
        elapsed(started).toMillis() / 1000.0);
    return 0;
  }

  /**
   * {@code --follow}: prints where to look, then alerts as they arrive, live traffic every {@link
   * #TICK}, a round of attacks every {@code interval} and progress every {@link #PROGRESS}, until a
   * signal; the caller then closes everything.
   */
  private void follow(
      StopSignal signal,
      Duration interval,
      EmbeddedKafka kafka,
      String registry,
      StreamsApp app,
      DemoScenario scenario,
      AlertPrinter alerts,
      DemoSummary summary) {
    PrintStream out = System.out;
    String base = "http://127.0.0.1:" + app.httpPort();
    out.println("sluice demo: views");
    VIEWS.forEach(path -> out.println("  " + base + path));
    out.printf(
        "sluice demo: try  kcat -b %s -C -t alerts.authentication -s value=avro -r %s%n",
        kafka.bootstrapServers(), registry);
    out.printf(
        "sluice demo: following; scripted attacks again every %s; Ctrl-C stops it%n",
        attackInterval);
    try (LiveTraffic live = new LiveTraffic(scenario, kafka.producerConfig())) {
      live.prepare();
      long now = System.nanoTime();
      long nextTick = now;
      long nextRound = now + interval.toNanos();
      long nextProgress = now + PROGRESS.toNanos();
      long tick = 0;
      int round = 0;
      while (!signal.stopped()) {
        alerts.printArrived();
        now = System.nanoTime();
        if (now - nextTick >= 0) {
          live.tick(tick++, Instant.now());
          nextTick += TICK.toNanos();
        }
        if (now - nextRound >= 0) {
          round++;
          int records = live.round(round, Instant.now());
          out.printf(
              "sluice demo: round %d of the scripted attacks (%d records)%n", round, records);
          nextRound += interval.toNanos();
        }
        if (now - nextProgress >= 0) {
          out.println(summary.progress(alerts.printed()));
          nextProgress += PROGRESS.toNanos();
        }
      }
    }
    out.println("sluice demo: stopping ...");
  }

  private Duration attackInterval() {
    return Durations.parse(attackInterval)
        .filter(d -> !d.isNegative() && !d.isZero())
        .orElseThrow(
            () ->
                new ParameterException(
                    spec.commandLine(),
                    "--attack-interval: a positive duration such as 30s or 5m, got '"
                        + attackInterval
                        + "'"));
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
