package io.sluice.sandbox;

import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.simulators.Faults;
import io.sluice.streams.config.Durations;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code sluice sandbox}: what the pipeline runs against, without the pipeline. Apache Kafka's
 * broker in-process with Sluice's topics and the demo's VIP list, a real Apicurio registry (child
 * process, Confluent API) and the vendor simulators serving the demo's scenario, with their fault
 * knobs, on printed loopback ports until Ctrl-C. A user runs {@code ./sluice connector …}, {@code
 * ./sluice streams}, kcat or Prometheus against it.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Kafka broker, a schema registry (Confluent API) and the vendor simulators on",
      "loopback ports until Ctrl-C, to try connectors, the streams app and Kafka tools."
    })
public final class SandboxCommand implements Callable<Integer> {
  private static final int PARTITIONS = 3;
  private static final Pattern SERVER_ERRORS = Pattern.compile("(\\d+):(\\d+)");

  @Option(
      names = "--endpoints-file",
      paramLabel = "FILE",
      description = "Once everything is up, write its addresses to FILE as JSON.")
  Path endpointsFile;

  @Option(
      names = "--rate-limit-every",
      paramLabel = "N",
      defaultValue = "0",
      description = "Every N-th request to a simulator gets the vendor's own 429 (default: never).")
  int rateLimitEvery;

  @Option(
      names = "--server-errors",
      paramLabel = "FROM:COUNT",
      description = "Requests FROM to FROM+COUNT-1 of each simulator answer 5xx, e.g. 3:4.")
  String serverErrors;

  @Option(
      names = "--slow",
      paramLabel = "DURATION",
      description = "Delay every simulator response by DURATION, e.g. 2s.")
  String slow;

  @Option(
      names = "--truncate-pages",
      paramLabel = "K",
      defaultValue = "0",
      description = "Cut the next K successful pages of each simulator in half.")
  int truncatePages;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Consumer<Faults> faults = faults();
    DemoLogging.quiet();
    PrintStream out = System.out;
    StopSignal signal = StopSignal.install();
    long started = System.nanoTime();
    out.println(
        "sluice sandbox: starting Kafka (in-process KRaft broker) and Apicurio Registry ...");
    // unlike the harness' default, producing to a new topic creates it, as kcat users expect
    try (EmbeddedKafka kafka = EmbeddedKafka.start(Map.of("auto.create.topics.enable", "true"));
        ApicurioRegistry registry = ApicurioRegistry.start();
        DemoScenario scenario = DemoScenario.start(Instant.now())) {
      DemoStreams.prepare(kafka, PARTITIONS);
      scenario.simulators().values().forEach(s -> faults.accept(s.faults()));
      Map<String, String> simulators = Endpoints.simulatorUrls(scenario);

      out.printf("sluice sandbox: Kafka             %s%n", kafka.bootstrapServers());
      out.printf("sluice sandbox: schema registry   %s (Confluent API)%n", registry.url());
      simulators.forEach((name, url) -> out.printf("sluice sandbox: %-17s %s%n", name, url));
      out.printf(
          "sluice sandbox: entra tenant      %s (--set entra.tenant=%1$s --set entra.login.url=%s)%n",
          DemoScenario.ENTRA_TENANT, simulators.get("entra"));
      out.printf(
          "sluice sandbox: %d scripted vendor records; VIP list %s; credentials:%n",
          scenario.records(), String.join(",", DemoScenario.VIPS.keySet()));
      new TreeMap<>(DemoScenario.credentials())
          .forEach((name, value) -> out.printf("  export %s=%s%n", name, value));
      if (endpointsFile != null) {
        new Endpoints(kafka.bootstrapServers(), registry.url(), null, null, simulators)
            .writeTo(endpointsFile);
        out.println("sluice sandbox: endpoints in " + endpointsFile);
      }
      out.printf(
          Locale.ROOT,
          "sluice sandbox: ready in %.1f s; Ctrl-C stops it%n",
          (System.nanoTime() - started) / 1e9);
      signal.await();
      out.println("sluice sandbox: stopping ...");
    }
    out.println("sluice sandbox: stopped");
    return 0;
  }

  /** The fault knobs of the flags, checked before anything starts. */
  private Consumer<Faults> faults() {
    Matcher burst = SERVER_ERRORS.matcher(serverErrors == null ? "0:0" : serverErrors);
    if (!burst.matches()) {
      throw new ParameterException(spec.commandLine(), "--server-errors: FROM:COUNT, e.g. 3:4");
    }
    long from = Long.parseLong(burst.group(1));
    int count = Integer.parseInt(burst.group(2));
    Duration delay =
        slow == null
            ? Duration.ZERO
            : Durations.parse(slow)
                .orElseThrow(
                    () -> new ParameterException(spec.commandLine(), "--slow: e.g. 500ms or 2s"));
    return f ->
        f.rateLimitEvery(rateLimitEvery)
            .truncateNextPages(truncatePages)
            .serverErrorBurst(count == 0 ? -1 : from, count)
            .slowResponses(delay);
  }
}
