package io.sluice.connectors.cli;

import io.sluice.connectors.app.ConnectorRuntime;
import io.sluice.connectors.config.ConfigException;
import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.core.ExitCodes;
import io.sluice.connectors.mimecast.MimecastConnectorFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code connector <name>}: runs one vendor feed until stopped. */
@Command(
    name = "connector",
    mixinStandardHelpOptions = true,
    description = "Poll a vendor API and publish its records to Kafka, exactly once per page.")
final class ConnectorCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "Connector: ${COMPLETION-CANDIDATES}",
      completionCandidates = Names.class)
  String name;

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file.")
  Path file;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers.")
  String bootstrapServers;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description = "Vendor API base URL, e.g. https://acme.okta.com.")
  String baseUrl;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "Backfill start when there is no checkpoint: 14d, 2024-05-01 or an ISO instant.")
  String since;

  @Option(
      names = "--poll-interval",
      paramLabel = "DURATION",
      description = "Wait when caught up, e.g. 30s.")
  String pollInterval;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "Port for /metrics and /health (0 = any, -1 = off).")
  Integer httpPort;

  @Option(
      names = "--connector-id",
      paramLabel = "ID",
      description = "Kafka transactional id and checkpoint key (default: NAME@TENANT).")
  String connectorId;

  @Option(
      names = "--feeds",
      paramLabel = "FEED,...",
      description =
          "For 'mimecast': the feeds of one application to run in this process, sharing its token"
              + " and rate limit, e.g. ttp-url,audit,siem (default: all).")
  String feeds;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Any setting, e.g. --set rate.limit=10/1s.")
  Map<String, String> settings = new LinkedHashMap<>();

  private final Map<String, String> env;

  ConnectorCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    ConnectorFactory factory = factories().get(name);
    if (factory == null) {
      throw new ConfigException(
          "Unknown connector '" + name + "'; known: " + String.join(", ", factories().keySet()));
    }
    ConnectorConfig config =
        ConnectorConfig.load(factory.defaults(), Optional.ofNullable(file), env, flags());
    ConnectorRuntime runtime = new ConnectorRuntime(factory, config, env, Clock.systemUTC());
    Thread hook =
        new Thread(() -> runtime.stop(Duration.ofSeconds(10)), "sluice-connector-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      // ConnectorStoppedException and ConfigException reach ErrorHandler, which sets the exit code
      runtime.run();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already stopping; the hook is what stopped us
      }
    }
    return ExitCodes.OK;
  }

  private Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>(settings);
    put(flags, ConnectorConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    put(flags, ConnectorConfig.BASE_URL, baseUrl);
    put(flags, ConnectorConfig.SINCE, since);
    put(flags, ConnectorConfig.POLL_INTERVAL, pollInterval);
    put(flags, ConnectorConfig.CONNECTOR_ID, connectorId);
    put(flags, ConnectorConfig.HTTP_PORT, httpPort == null ? null : httpPort.toString());
    put(flags, MimecastConnectorFactory.FEEDS, feeds);
    return flags;
  }

  private static void put(Map<String, String> flags, String key, String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }

  static Map<String, ConnectorFactory> factories() {
    return ServiceLoader.load(ConnectorFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .collect(
            Collectors.toMap(ConnectorFactory::name, f -> f, (a, b) -> a, java.util.TreeMap::new));
  }

  /** Completion candidates and the names shown in {@code --help}. */
  static final class Names implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return List.copyOf(factories().keySet()).iterator();
    }
  }
}
