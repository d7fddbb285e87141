package io.sluice.connectors.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.core.ConnectorStoppedException;
import io.sluice.connectors.crowdstrike.CrowdStrikeConnectorFactory;
import io.sluice.connectors.graph.EntraConnectorFactory;
import io.sluice.connectors.mimecast.MimecastConnectorFactory;
import io.sluice.connectors.okta.OktaConnectorFactory;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.CrowdStrikeSimulator;
import io.sluice.sandbox.simulators.EntraSignIns;
import io.sluice.sandbox.simulators.FalconAlerts;
import io.sluice.sandbox.simulators.GraphSimulator;
import io.sluice.sandbox.simulators.MimecastEvents;
import io.sluice.sandbox.simulators.MimecastSimulator;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.sandbox.simulators.OktaSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Every connector, run whole (ConnectorRuntime, real broker, its vendor's simulator), with every
 * logger at DEBUG: neither its vendor secrets nor the Kafka SASL password appear in any log line,
 * exception, {@code /metrics} or {@code /health} body — once while it polls with the right secrets,
 * once while it is refused with wrong ones (and the refusal is shown to have happened).
 */
@ExtendWith(SandboxExtension.class)
class SecretsNeverExposedIT {
  private static final String SASL_PASSWORD = "kafkaS3cret-" + Long.toHexString(System.nanoTime());

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger jetty = (Logger) LoggerFactory.getLogger("org.eclipse.jetty");
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> simulators = new ArrayList<>();
  private Level previous;

  static List<String> connectors() {
    List<String> names = new ArrayList<>();
    ServiceLoader.load(ConnectorFactory.class).forEach(f -> names.add(f.name()));
    return names;
  }

  @BeforeEach
  void capture() {
    previous = root.getLevel();
    root.setLevel(Level.DEBUG);
    // as the runnables' logback.xml does: Jetty at DEBUG prints request headers; here it also
    // serves the vendor simulators, which receive the secret by design
    jetty.setLevel(Level.INFO);
    captured.start();
    root.addAppender(captured);
  }

  @AfterEach
  void release() throws Exception {
    root.detachAppender(captured);
    root.setLevel(previous);
    jetty.setLevel(null);
    for (AutoCloseable simulator : simulators) {
      simulator.close();
    }
  }

  @ParameterizedTest
  @MethodSource("connectors")
  void shouldExposeNoSecretWhilePollingNorWhenRefused(String name, EmbeddedKafka kafka)
      throws Exception {
    ConnectorFactory factory = factories().get(name);
    String id = "id-" + Long.toHexString(System.nanoTime());
    String secret = "vendorS3cret-" + Long.toHexString(System.nanoTime());
    String wrong = "wrongS3cret-" + Long.toHexString(System.nanoTime());
    Map<String, String> settings = new HashMap<>(simulatorFor(name, id, secret));
    settings.put(ConnectorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    // unique per run: the ids of "mimecast"'s feeds are those of the single-feed connectors
    settings.put(ConnectorConfig.CONNECTOR_ID, "secrets-" + name + "-" + id);
    settings.put(ConnectorConfig.HTTP_PORT, "0");
    settings.put(ConnectorConfig.SINCE, "1d");
    settings.put(ConnectorConfig.RETRY_INITIAL_BACKOFF, "10ms");
    settings.put(ConnectorConfig.RETRY_MAX_BACKOFF, "20ms");
    settings.put(
        "kafka.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\""
            + SASL_PASSWORD
            + "\";");
    List<String> texts = new ArrayList<>();

    ConnectorRuntime polling = runtime(factory, settings, secretsFor(name, id, secret));
    Thread running = new Thread(polling::run, "secrets-" + name);
    running.start();
    assertThat(polling.awaitStarted(Duration.ofSeconds(60))).isTrue();
    texts.add(get(polling.httpPort(), "/metrics"));
    texts.add(get(polling.httpPort(), "/health/ready"));
    texts.add(get(polling.httpPort(), "/health/live"));
    polling.stop(Duration.ofSeconds(10));
    running.join(20_000);

    ConnectorRuntime refused = runtime(factory, settings, secretsFor(name, id, wrong));
    Throwable stopped = catchThrowable(refused::run);

    assertThat(stopped)
        .as("the vendor refused the wrong secret")
        .isInstanceOf(ConnectorStoppedException.class);
    for (Throwable t = stopped; t != null; t = t.getCause()) {
      texts.add(t.toString());
    }
    List<ILoggingEvent> events;
    synchronized (captured) { // the appender adds under this lock while other threads still log
      events = List.copyOf(captured.list);
    }
    for (ILoggingEvent event : events) {
      texts.add(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        texts.add(t.getClassName() + ": " + t.getMessage());
      }
    }
    assertThat(texts).as("what was looked at").anyMatch(t -> t.contains("sluice_connector"));
    for (String value : List.of(secret, wrong, SASL_PASSWORD)) {
      assertThat(texts)
          .as("no text carries " + value)
          .noneMatch(t -> t != null && t.contains(value));
    }
  }

  private ConnectorRuntime runtime(
      ConnectorFactory factory, Map<String, String> settings, Map<String, String> env) {
    return new ConnectorRuntime(
        factory,
        ConnectorConfig.load(factory.defaults(), Optional.empty(), Map.of(), settings),
        env,
        Clock.systemUTC());
  }

  private String get(int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static Map<String, ConnectorFactory> factories() {
    Map<String, ConnectorFactory> all = new TreeMap<>();
    ServiceLoader.load(ConnectorFactory.class).forEach(f -> all.put(f.name(), f));
    return all;
  }

  /** Starts the vendor's simulator expecting {@code id} and {@code secret}; its settings. */
  private Map<String, String> simulatorFor(String name, String id, String secret) {
    Instant start = Instant.now().minus(Duration.ofMinutes(30));
    if (name.equals("okta")) {
      OktaSimulator okta =
          track(
              OktaSimulator.start(
                  secret, OktaEvents.benignLogins(1, 5, start, Duration.ofSeconds(1))));
      return Map.of(ConnectorConfig.BASE_URL, okta.baseUrl().toString());
    }
    if (name.startsWith("mimecast")) {
      MimecastSimulator mimecast =
          track(
              MimecastSimulator.start(id, secret, MimecastEvents.fullScenario(1, start, 4, 1, 2)));
      Map<String, String> settings = new HashMap<>();
      settings.put(ConnectorConfig.BASE_URL, mimecast.baseUrl().toString());
      if (name.equals("mimecast-siem")) {
        settings.put(MimecastConnectorFactory.SIEM_TYPES, "receipt,process,delivery");
      }
      return settings;
    }
    if (name.equals("entra")) {
      GraphSimulator graph =
          track(
              GraphSimulator.start(
                  "corp.onmicrosoft.com",
                  id,
                  secret,
                  EntraSignIns.benign(1, 5, start, Duration.ofSeconds(1))));
      return Map.of(
          ConnectorConfig.BASE_URL, graph.baseUrl().toString(),
          EntraConnectorFactory.LOGIN_URL, graph.baseUrl().toString(),
          EntraConnectorFactory.TENANT, "corp.onmicrosoft.com");
    }
    if (name.equals("crowdstrike")) {
      CrowdStrikeSimulator falcon =
          track(
              CrowdStrikeSimulator.start(
                  id, secret, FalconAlerts.benign(1, 5, start, Duration.ofSeconds(1))));
      return Map.of(ConnectorConfig.BASE_URL, falcon.baseUrl().toString());
    }
    throw new AssertionError("no simulator for connector " + name + ": add one here");
  }

  private static Map<String, String> secretsFor(String name, String id, String secret) {
    if (name.equals("okta")) {
      return Map.of(OktaConnectorFactory.TOKEN_ENV, secret);
    }
    if (name.startsWith("mimecast")) {
      return Map.of(
          MimecastConnectorFactory.CLIENT_ID_ENV,
          id,
          MimecastConnectorFactory.CLIENT_SECRET_ENV,
          secret);
    }
    if (name.equals("entra")) {
      return Map.of(
          EntraConnectorFactory.CLIENT_ID_ENV, id, EntraConnectorFactory.CLIENT_SECRET_ENV, secret);
    }
    return Map.of(
        CrowdStrikeConnectorFactory.CLIENT_ID_ENV,
        id,
        CrowdStrikeConnectorFactory.CLIENT_SECRET_ENV,
        secret);
  }

  private <T extends AutoCloseable> T track(T simulator) {
    simulators.add(simulator);
    return simulator;
  }
}
