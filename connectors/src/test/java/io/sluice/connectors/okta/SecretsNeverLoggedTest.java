package io.sluice.connectors.okta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.Backoff;
import io.sluice.connectors.core.Checkpoint;
import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.core.ConnectorMetrics;
import io.sluice.connectors.core.Feed;
import io.sluice.connectors.core.Health;
import io.sluice.connectors.core.Page;
import io.sluice.connectors.core.PagePublisher;
import io.sluice.connectors.core.PollLoop;
import io.sluice.connectors.core.RateGate;
import io.sluice.connectors.core.RetrySettings;
import io.sluice.connectors.core.Sleeper;
import io.sluice.connectors.crowdstrike.CrowdStrikeConnectorFactory;
import io.sluice.connectors.graph.EntraConnectorFactory;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.OAuth2ClientCredentials;
import io.sluice.connectors.http.Secret;
import io.sluice.connectors.http.Secrets;
import io.sluice.connectors.mimecast.MimecastConnectorFactory;
import io.sluice.sandbox.simulators.CrowdStrikeSimulator;
import io.sluice.sandbox.simulators.GraphSimulator;
import io.sluice.sandbox.simulators.MimecastEvents;
import io.sluice.sandbox.simulators.MimecastSimulator;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.sandbox.simulators.OktaSimulator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs the failure paths that handle credentials with every logger at DEBUG, captures all log
 * events and exception messages, and greps them for the secrets: Okta's token, and the client
 * secret of each OAuth2 vendor through its own factory (Mimecast with two feeds sharing one
 * application's token).
 */
class SecretsNeverLoggedTest {
  private static final String BAD_TOKEN = "00BADt0ken-aaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String CLIENT_SECRET = "clientS3cret-bbbbbbbbbbbbbbbbbbbbbbbbbb";

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<String> texts = new ArrayList<>();
  private final Logger simulatorServer = (Logger) LoggerFactory.getLogger("org.eclipse.jetty");
  private Level previous;
  private OktaSimulator okta;

  @BeforeEach
  void capture() {
    previous = root.getLevel();
    root.setLevel(Level.DEBUG);
    // the simulator's HTTP server is the vendor, not the product: its DEBUG lines echo requests
    simulatorServer.setLevel(Level.INFO);
    captured.start();
    root.addAppender(captured);
    okta =
        OktaSimulator.start(
            "the-right-token", OktaEvents.benignLogins(1, 5, Instant.now(), Duration.ofSeconds(1)));
  }

  @AfterEach
  void release() {
    root.detachAppender(captured);
    root.setLevel(previous);
    simulatorServer.setLevel(null);
    okta.close();
  }

  @Test
  void shouldNeverLogOrReportTheOktaApiToken() {
    ConnectorFactory factory = new OktaConnectorFactory();
    HttpPageClient http = http();
    Feed feed =
        factory.create(
            new ConnectorFactory.Context(
                ConnectorConfig.load(
                    factory.defaults(),
                    Optional.empty(),
                    Map.of(),
                    Map.of("base.url", okta.baseUrl().toString(), "since", "1d")),
                new Secrets(Map.of("OKTA_API_TOKEN", BAD_TOKEN)),
                source -> http,
                Clock.systemUTC()));

    Throwable stopped = catchThrowable(() -> loop(feed).run(feed.initialPosition()));

    assertThat(stopped).hasMessageContaining("rejected the credentials");
    assertSecretAbsent(BAD_TOKEN, stopped);
  }

  @Test
  void shouldNeverLogOrReportAMimecastSecretAcrossFeedsSharingOneApplication() {
    try (MimecastSimulator mimecast =
        MimecastSimulator.start(
            "mc-client", "the-right-secret", MimecastEvents.scenario(1, Instant.now(), 2, 1, 1))) {
      List<Feed> feeds =
          feeds(
              new MimecastConnectorFactory.All(),
              Map.of("base.url", mimecast.baseUrl().toString(), "mimecast.feeds", "ttp-url,siem"),
              Map.of("MIMECAST_CLIENT_ID", "mc-client", "MIMECAST_CLIENT_SECRET", CLIENT_SECRET));

      Throwable stopped =
          catchThrowable(() -> loop(feeds.get(1)).run(feeds.get(1).initialPosition()));

      assertThat(feeds).hasSize(2);
      assertThat(stopped).hasMessageContaining("rejected the credentials");
      assertSecretAbsent(CLIENT_SECRET, stopped);
    }
  }

  @Test
  void shouldNeverLogOrReportAnEntraSecret() {
    try (GraphSimulator graph =
        GraphSimulator.start("t.onmicrosoft.com", "app", "the-right-secret", List.of())) {
      List<Feed> feeds =
          feeds(
              new EntraConnectorFactory(),
              Map.of(
                  "base.url",
                  graph.baseUrl().toString(),
                  "entra.login.url",
                  graph.baseUrl().toString(),
                  "entra.tenant",
                  "t.onmicrosoft.com"),
              Map.of("ENTRA_CLIENT_ID", "app", "ENTRA_CLIENT_SECRET", CLIENT_SECRET));

      Throwable stopped =
          catchThrowable(() -> loop(feeds.get(0)).run(feeds.get(0).initialPosition()));

      assertThat(stopped).hasMessageContaining("rejected the credentials");
      assertSecretAbsent(CLIENT_SECRET, stopped);
    }
  }

  @Test
  void shouldNeverLogOrReportACrowdStrikeSecret() {
    try (CrowdStrikeSimulator falcon =
        CrowdStrikeSimulator.start("falcon-client", "the-right-secret", List.of())) {
      List<Feed> feeds =
          feeds(
              new CrowdStrikeConnectorFactory(),
              Map.of("base.url", falcon.baseUrl().toString()),
              Map.of(
                  "CROWDSTRIKE_CLIENT_ID",
                  "falcon-client",
                  "CROWDSTRIKE_CLIENT_SECRET",
                  CLIENT_SECRET));

      Throwable stopped =
          catchThrowable(() -> loop(feeds.get(0)).run(feeds.get(0).initialPosition()));

      assertThat(stopped).hasMessageContaining("rejected the credentials");
      assertSecretAbsent(CLIENT_SECRET, stopped);
    }
  }

  private List<Feed> feeds(
      ConnectorFactory factory, Map<String, String> settings, Map<String, String> env) {
    Map<String, String> flags = new java.util.HashMap<>(settings);
    flags.put("since", "1d");
    HttpPageClient http = http();
    return factory.feeds(
        new ConnectorFactory.Context(
            ConnectorConfig.load(factory.defaults(), Optional.empty(), Map.of(), flags),
            new Secrets(env),
            source -> http,
            Clock.systemUTC()));
  }

  @Test
  void shouldNeverLogOrReportTheOAuth2ClientSecret() {
    // The Okta simulator has no token endpoint: the grant fails with 404, then with 401 below.
    OAuth2ClientCredentials auth =
        new OAuth2ClientCredentials(
            http(),
            URI.create(okta.baseUrl() + "/oauth2/v1/token"),
            "client-1",
            Secret.of(CLIENT_SECRET),
            Optional.of("okta.logs.read"),
            Duration.ofSeconds(60),
            Clock.systemUTC());
    Feed feed =
        new OktaSystemLogFeed(
            okta.baseUrl(), Instant.now().minusSeconds(60), 10, http(), auth, Clock.systemUTC());

    Throwable stopped = catchThrowable(() -> loop(feed).run(feed.initialPosition()));

    assertThat(stopped).isNotNull();
    assertSecretAbsent(CLIENT_SECRET, stopped);
  }

  private void assertSecretAbsent(String secret, Throwable stopped) {
    for (ILoggingEvent event : List.copyOf(captured.list)) {
      texts.add(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        texts.add(t.getClassName() + ": " + t.getMessage());
      }
    }
    for (Throwable t = stopped; t != null; t = t.getCause()) {
      texts.add(String.valueOf(t.getMessage()));
      texts.add(t.toString());
    }
    texts.add(registry.scrape());
    assertThat(List.copyOf(captured.list)).as("the failure path was logged").isNotEmpty();
    assertThat(texts).noneMatch(text -> text != null && text.contains(secret));
  }

  private HttpPageClient http() {
    return new HttpPageClient(
        HttpPageClient.newClient(Duration.ofSeconds(2)),
        Duration.ofSeconds(5),
        1 << 20,
        new ConnectorMetrics(registry, OktaSystemLogFeed.SOURCE));
  }

  private PollLoop loop(Feed feed) {
    Sleeper sleeper = Sleeper.real();
    return new PollLoop(
        "okta",
        okta.baseUrl().getAuthority(),
        feed,
        new NoKafka(),
        new RateGate(Duration.ZERO, Clock.systemUTC(), sleeper, () -> 0.0),
        new RetrySettings(2, new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), () -> 0.0)),
        Duration.ofMillis(1),
        new ConnectorMetrics(registry, OktaSystemLogFeed.SOURCE),
        new Health(1),
        sleeper,
        Clock.systemUTC());
  }

  private static final class NoKafka implements PagePublisher {
    @Override
    public void init() {}

    @Override
    public Optional<Checkpoint> readCheckpoint(String key) {
      return Optional.empty();
    }

    @Override
    public void publish(Feed feed, Page page, Checkpoint checkpoint, Instant fetchedAt) {}

    @Override
    public void close() {}
  }
}
