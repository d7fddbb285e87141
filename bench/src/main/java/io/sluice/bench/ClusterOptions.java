package io.sluice.bench;

import java.util.LinkedHashMap;
import java.util.Map;
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
      defaultValue = "1",
      description = "num.stream.threads of each app instance (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--instances",
      defaultValue = "1",
      description =
          "app instances, each in its own JVM, sharing the application id (default:"
              + " ${DEFAULT-VALUE})")
  int instances;
}
