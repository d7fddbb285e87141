package io.sluice.sandbox;

import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sluice simulate}: the demo's vendor simulators and their connectors, publishing the
 * scripted attack scenario to a Kafka cluster that is not Sluice's own (the compose file's {@code
 * demo} profile). The simulators listen on loopback only and hand out links to themselves, so the
 * connectors run in the same process; the streams app is the cluster's. Ctrl-C ({@link StopSignal})
 * stops the connectors and simulators and exits 0.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Run the vendor simulators (scripted attacks) and the demo connectors against a Kafka",
      "cluster, until stopped. Pair it with ./sluice streams on the same cluster."
    })
public final class SimulateCommand implements Callable<Integer> {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      defaultValue = "${env:SLUICE_BOOTSTRAP_SERVERS:-localhost:9092}",
      description =
          "Kafka bootstrap servers (default: SLUICE_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Override
  public Integer call() throws Exception {
    StopSignal signal = StopSignal.install();
    try (DemoScenario scenario = DemoScenario.start(Instant.now());
        DemoConnectors connectors = DemoConnectors.start(bootstrapServers, scenario)) {
      System.out.printf(
          "sluice simulate: %d connectors publishing %d scripted records to %s%n",
          connectors.count(), scenario.records(), bootstrapServers);
      signal.await();
      System.out.println("sluice simulate: stopping ...");
    }
    System.out.println("sluice simulate: stopped");
    return 0;
  }
}
