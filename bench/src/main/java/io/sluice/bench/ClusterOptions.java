package io.sluice.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where a load run runs, shared by {@code pipeline}, {@code latency} and {@code state}. */
final class ClusterOptions {
  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,…",
      description =
          "a Kafka cluster of your own instead of the in-process broker; requires"
              + " --delete-sluice-topics")
  String bootstrapServers;

  @Option(
      names = "--delete-sluice-topics",
      description =
          "with --bootstrap-servers: acknowledges that the bench deletes every topic of Sluice's"
              + " catalogue (raw.*, canonical.*, alerts.*, sluice.dlq, risk.users,"
              + " reference.vip-users, sluice.connector-checkpoints) and its own sluice-bench-*"
              + " topics, before each run and at the end")
  boolean deleteSluiceTopics;

  @Option(
      names = "--kafka",
      paramLabel = "KEY=VALUE",
      description =
          "a Kafka client setting for every client of the bench and of the app (TLS, SASL), e.g."
              + " --kafka security.protocol=SASL_SSL; repeatable")
  Map<String, String> kafka = new LinkedHashMap<>();

  @Option(
      names = "--partitions",
      defaultValue = "3",
      description = "partitions of every topic the bench creates (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(
      names = "--worker-heap",
      defaultValue = "1g",
      description = "-Xmx of each measured JVM (default: ${DEFAULT-VALUE})")
  String workerHeap;

  @Option(
      names = "--worker-jvm-args",
      defaultValue = "",
      description =
          "more JVM options for each measured JVM, space-separated, e.g."
              + " \"-XX:StartFlightRecording=filename=side.jfr,settings=profile\"")
  String workerJvmArgs;

  @Option(
      names = "--threads",
      description =
          "num.stream.threads of each app instance (default: this machine's cores, ${DEFAULT-VALUE},"
              + " as docs/operations.md recommends)")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--instances",
      defaultValue = "1",
      description =
          "app instances, each in its own JVM, sharing the application id and one schema"
              + " registry: --schema-registry-url, or else an Apicurio Registry the bench starts"
              + " when N > 1 (default: ${DEFAULT-VALUE}, with an in-memory registry)")
  int instances;

  @Option(
      names = "--schema-registry-url",
      paramLabel = "URL",
      description =
          "a Confluent-compatible schema registry of your own for the app instances (e.g."
              + " Apicurio's http://host:8080/apis/ccompat/v7); the app registers Sluice's schemas"
              + " there. Default: in-memory for one instance, a started Apicurio Registry for more")
  String schemaRegistryUrl;

  @Option(
      names = "--sigma-rules",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "add N generated Sigma rules (detections and correlations over Okta, Entra and Mimecast"
              + " raw fields) to the built-in pack, as a rules.dir (default: ${DEFAULT-VALUE})")
  int sigmaRules;

  private Path sigmaRulesDirectory;

  /** The app's {@code rules.dir}: the generated Sigma rules, written on first use; or none. */
  synchronized Optional<Path> rulesDirectory() {
    if (sigmaRules <= 0) {
      return Optional.empty();
    }
    if (sigmaRulesDirectory == null) {
      try {
        sigmaRulesDirectory = Files.createTempDirectory("sluice-bench-sigma-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      SigmaRulePack.write(sigmaRulesDirectory, sigmaRules);
    }
    return Optional.of(sigmaRulesDirectory);
  }
}
