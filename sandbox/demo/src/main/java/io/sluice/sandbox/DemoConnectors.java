package io.sluice.sandbox;

import io.sluice.connectors.app.ConnectorRuntime;
import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.core.ConnectorStoppedException;
import io.sluice.connectors.crowdstrike.CrowdStrikeConnectorFactory;
import io.sluice.connectors.graph.EntraConnectorFactory;
import io.sluice.connectors.mimecast.MimecastConnectorFactory;
import io.sluice.connectors.okta.OktaConnectorFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real connectors, one per vendor feed, each on its own thread in this process, polling the
 * simulators over HTTP into the raw topics exactly as {@code ./sluice connector <name>} would: same
 * factories, same runtime, secrets from an environment map. Only the pace differs from production:
 * short poll intervals and no client-side rate limit, so a backfill takes seconds.
 *
 * <p>Each connector serves {@code /metrics} and {@code /health} on a free loopback port when asked
 * ({@link #startServing}); the plain demo does without.
 */
public final class DemoConnectors implements AutoCloseable {
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final List<ConnectorRuntime> runtimes = new ArrayList<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final String httpPort;

  private DemoConnectors(String httpPort) {
    this.httpPort = httpPort;
  }

  /** Starts every feed's connector against the scenario's simulators, without HTTP. */
  public static DemoConnectors start(String bootstrapServers, DemoScenario scenario) {
    return start(bootstrapServers, scenario, "-1");
  }

  /** As {@link #start}, each connector serving /metrics and /health on a free loopback port. */
  public static DemoConnectors startServing(String bootstrapServers, DemoScenario scenario) {
    return start(bootstrapServers, scenario, "0");
  }

  private static DemoConnectors start(
      String bootstrapServers, DemoScenario scenario, String httpPort) {
    DemoConnectors connectors = new DemoConnectors(httpPort);
    String okta = scenario.okta.baseUrl().toString();
    String mimecast = scenario.mimecast.baseUrl().toString();
    String graph = scenario.graph.baseUrl().toString();
    String falcon = scenario.crowdStrike.baseUrl().toString();
    Map<String, String> env = DemoScenario.credentials();
    try {
      connectors.start(new OktaConnectorFactory(), bootstrapServers, okta, Map.of(), env);
      for (ConnectorFactory factory :
          List.of(
              new MimecastConnectorFactory.TtpUrl(),
              new MimecastConnectorFactory.TtpAttachment(),
              new MimecastConnectorFactory.TtpImpersonation(),
              new MimecastConnectorFactory.Dlp(),
              new MimecastConnectorFactory.Audit())) {
        connectors.start(factory, bootstrapServers, mimecast, Map.of(), env);
      }
      connectors.start(
          new MimecastConnectorFactory.Siem(),
          bootstrapServers,
          mimecast,
          Map.of(MimecastConnectorFactory.SIEM_TYPES, "receipt,process,delivery"),
          env);
      connectors.start(
          new EntraConnectorFactory(),
          bootstrapServers,
          graph,
          Map.of(
              EntraConnectorFactory.LOGIN_URL,
              graph,
              EntraConnectorFactory.TENANT,
              DemoScenario.ENTRA_TENANT),
          env);
      connectors.start(new CrowdStrikeConnectorFactory(), bootstrapServers, falcon, Map.of(), env);
    } catch (RuntimeException e) {
      connectors.close();
      throw e;
    }
    return connectors;
  }

  private void start(
      ConnectorFactory factory,
      String bootstrapServers,
      String baseUrl,
      Map<String, String> extra,
      Map<String, String> env) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(ConnectorConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    flags.put(ConnectorConfig.BASE_URL, baseUrl);
    flags.put(ConnectorConfig.CONNECTOR_ID, "demo-" + factory.name());
    flags.put(ConnectorConfig.SINCE, "1d");
    flags.put(ConnectorConfig.POLL_INTERVAL, "250ms");
    flags.put(ConnectorConfig.HTTP_PORT, httpPort);
    flags.put(ConnectorConfig.HTTP_BIND, "127.0.0.1");
    flags.put(ConnectorConfig.RATE_LIMIT, "unlimited");
    flags.put(ConnectorConfig.RETRY_INITIAL_BACKOFF, "100ms");
    flags.put(ConnectorConfig.RETRY_MAX_BACKOFF, "1s");
    flags.putAll(extra);
    ConnectorConfig config =
        ConnectorConfig.load(factory.defaults(), Optional.empty(), Map.of(), flags);
    ConnectorRuntime runtime = new ConnectorRuntime(factory, config, env, Clock.systemUTC());
    runtimes.add(runtime);
    Thread thread =
        new Thread(
            () -> {
              try {
                runtime.run();
              } catch (ConnectorStoppedException e) {
                failures.put(factory.name(), e.getMessage());
              } catch (RuntimeException e) {
                failures.put(factory.name(), e.toString());
              }
            },
            "demo-connector-" + factory.name());
    thread.setDaemon(true);
    thread.start();
  }

  public int count() {
    return runtimes.size();
  }

  /**
   * The {@code /metrics} URL of every connector that serves one, once each has started (its port is
   * known only then); empty without {@link #startServing}.
   */
  public List<URI> metricsUrls(Duration timeout) throws InterruptedException {
    List<URI> urls = new ArrayList<>();
    for (ConnectorRuntime runtime : runtimes) {
      if (runtime.awaitStarted(timeout) && runtime.httpPort() > 0) {
        urls.add(URI.create("http://127.0.0.1:" + runtime.httpPort() + "/metrics"));
      }
    }
    return urls;
  }

  /** Connectors that stopped on their own, with why: none, unless something is wrong. */
  public Map<String, String> failures() {
    return Map.copyOf(failures);
  }

  @Override
  public void close() {
    runtimes.forEach(r -> r.stop(STOP_GRACE));
  }
}
