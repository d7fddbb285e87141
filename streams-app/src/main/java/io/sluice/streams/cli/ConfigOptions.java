package io.sluice.streams.cli;

import io.sluice.streams.config.SluiceConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The configuration flags shared by commands that talk to Kafka. */
public final class ConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Properties file (see docs/configuration.md).")
  Path file;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(
      names = "--schema-registry",
      paramLabel = "URL",
      description = "Schema registry URL (http(s):// or mem://).")
  String schemaRegistry;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "Directory of operator rule files (*.yaml).")
  Path rules;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Any configuration key, e.g. --set kafka.security.protocol=SSL.")
  Map<String, String> settings = new LinkedHashMap<>();

  public SluiceConfig load() {
    Map<String, String> flags = new LinkedHashMap<>(settings);
    if (bootstrapServers != null) {
      flags.put(SluiceConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    }
    if (schemaRegistry != null) {
      flags.put(SluiceConfig.SCHEMA_REGISTRY_URL, schemaRegistry);
    }
    if (rules != null) {
      flags.put(SluiceConfig.RULES_DIR, rules.toString());
    }
    return SluiceConfig.load(Optional.ofNullable(file), System.getenv(), flags);
  }
}
