package io.sluice.connectors.app;

import dev.failsafe.RateLimiter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.connectors.config.ConfigException;
import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.config.Durations;
import io.sluice.connectors.core.Backoff;
import io.sluice.connectors.core.Checkpoint;
import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.core.ConnectorMetrics;
import io.sluice.connectors.core.Feed;
import io.sluice.connectors.core.Health;
import io.sluice.connectors.core.KafkaPagePublisher;
import io.sluice.connectors.core.PollLoop;
import io.sluice.connectors.core.RetrySettings;
import io.sluice.connectors.core.Sleeper;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.Secrets;
import io.sluice.http.HealthAnswer;
import io.sluice.http.HttpSettings;
import io.sluice.http.SluiceHttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one connector from configuration: meters and HTTP endpoints, the vendor feed, topics, the
 * transactional publisher and the poll loop. {@link #run()} blocks until {@link #stop} or until the
 * connector cannot go on ({@link io.sluice.connectors.core.ConnectorStoppedException}).
 */
public final class ConnectorRuntime {
  private static final Logger log = LoggerFactory.getLogger(ConnectorRuntime.class);
  private static final Pattern RATE = Pattern.compile("(\\d+)\\s*/\\s*(\\S+)");

  private final ConnectorFactory factory;
  private final ConnectorConfig config;
  private final Map<String, String> env;
  private final Clock clock;
  private final Sleeper.Stoppable sleeper = Sleeper.stoppable();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile Thread runner;
  private volatile int httpPort = -1;

  public ConnectorRuntime(
      ConnectorFactory factory, ConnectorConfig config, Map<String, String> env, Clock clock) {
    this.factory = factory;
    this.config = config;
    this.env = Map.copyOf(env);
    this.clock = clock;
  }

  /** Runs the connector in the calling thread until stopped. */
  public void run() {
    runner = Thread.currentThread();
    try {
      runConnector();
    } catch (InterruptedException e) {
      log.info("Interrupted; stopping");
    } finally {
      ready.countDown();
      finished.countDown();
    }
  }

  private void runConnector() throws InterruptedException {
    String connectorId = config.find(ConnectorConfig.CONNECTOR_ID).orElse(factory.name());
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    ConnectorMetrics metrics = new ConnectorMetrics(registry, factory.source());
    Health health = new Health(config.intValue(ConnectorConfig.READY_MAX_FAILED_POLLS));
    HttpPageClient http =
        new HttpPageClient(
            HttpPageClient.newClient(config.duration(ConnectorConfig.CONNECT_TIMEOUT)),
            config.duration(ConnectorConfig.REQUEST_TIMEOUT),
            config.longValue(ConnectorConfig.MAX_PAGE_BYTES),
            metrics);
    Feed feed;
    try {
      feed = factory.create(new ConnectorFactory.Context(config, new Secrets(env), http, clock));
    } catch (Secrets.SecretException e) {
      throw new ConfigException(e.getMessage());
    }
    RateLimiter<Object> limiter = rateLimiter(config.string(ConnectorConfig.RATE_LIMIT));
    RetrySettings retry =
        new RetrySettings(
            config.intValue(ConnectorConfig.RETRY_MAX_ATTEMPTS),
            new Backoff(
                config.duration(ConnectorConfig.RETRY_INITIAL_BACKOFF),
                config.duration(ConnectorConfig.RETRY_MAX_BACKOFF),
                () -> ThreadLocalRandom.current().nextDouble()),
            config.duration(ConnectorConfig.RATE_LIMIT_MAX_WAIT));
    Duration pollInterval = config.duration(ConnectorConfig.POLL_INTERVAL);
    String checkpointTopic = config.string(ConnectorConfig.CHECKPOINT_TOPIC);
    Map<String, Object> kafka = kafkaConfig();
    int port = config.intValue(ConnectorConfig.HTTP_PORT);

    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    registerReadyGauge(registry, health);
    try (SluiceHttpServer endpoints = port < 0 ? null : startEndpoints(port, registry, health);
        BrokerCheck brokerCheck =
            new BrokerCheck(
                kafka,
                config.string(ConnectorConfig.BOOTSTRAP_SERVERS),
                health,
                config.duration(ConnectorConfig.HEALTH_CHECK_INTERVAL));
        gc) {
      if (endpoints != null) {
        httpPort = endpoints.port();
        log.info("Serving /metrics and /health on port {}", httpPort);
      }
      if (config.bool(ConnectorConfig.TOPICS_CREATE)) {
        TopicBootstrap.ensure(
            kafka,
            feed.topic(),
            config.intValue(ConnectorConfig.TOPIC_PARTITIONS),
            checkpointTopic);
      }
      try (KafkaPagePublisher publisher =
              new KafkaPagePublisher(kafka, connectorId, checkpointTopic);
          KafkaClientMetrics producerMetrics = new KafkaClientMetrics(publisher.producer())) {
        producerMetrics.bindTo(registry);
        publisher.init();
        String key = Checkpoint.key(connectorId, feed.source());
        Optional<Checkpoint> checkpoint = publisher.readCheckpoint(key);
        String start;
        if (checkpoint.isPresent()) {
          log.info(
              "Connector {} resumes {} from the checkpoint committed at {} (since is ignored)",
              connectorId,
              feed.source(),
              checkpoint.get().updatedAt());
          start = checkpoint.get().position();
        } else {
          log.info(
              "Connector {} has no checkpoint for {}; starting a backfill",
              connectorId,
              feed.source());
          start = feed.initialPosition();
        }
        health.started();
        ready.countDown();
        new PollLoop(
                connectorId,
                feed,
                publisher,
                limiter,
                retry,
                pollInterval,
                metrics,
                health,
                sleeper,
                clock,
                () -> ThreadLocalRandom.current().nextDouble())
            .run(start);
        log.info("Connector {} stopped", connectorId);
      } finally {
        health.stopped();
      }
    }
  }

  private SluiceHttpServer startEndpoints(
      int port, PrometheusMeterRegistry registry, Health health) {
    // one listener on http.bind: a connector serves only metrics and health, never a token route
    String bind = config.string(ConnectorConfig.HTTP_BIND);
    HttpSettings settings =
        new HttpSettings(
            bind, port, bind, -1, java.util.Optional.empty(), java.util.Optional.empty());
    return SluiceHttpServer.start(
        settings,
        registry,
        () -> new HealthAnswer(true, Map.of("status", "UP")),
        () -> new HealthAnswer(health.ready(), health.body()));
  }

  private static void registerReadyGauge(PrometheusMeterRegistry registry, Health health) {
    io.micrometer.core.instrument.Gauge.builder("sluice_ready", health, h -> h.ready() ? 1 : 0)
        .description("1 while the process can do its work (the /health/ready answer)")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder(
            "sluice_dependency_up", health, h -> h.brokerUp() ? 1 : 0)
        .description("1 while the dependency answered the last check")
        .tag("dependency", "kafka")
        .register(registry);
  }

  private Map<String, Object> kafkaConfig() {
    Map<String, Object> kafka = new HashMap<>(config.kafkaSettings());
    kafka.put(
        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
        config.string(ConnectorConfig.BOOTSTRAP_SERVERS));
    return kafka;
  }

  /**
   * {@code rate.limit}: {@code <requests>/<duration>} (e.g. {@code 50/1m}), spread evenly (a smooth
   * limiter, so a backfill does not burst into the vendor's limit), or {@code unlimited}.
   */
  static RateLimiter<Object> rateLimiter(String value) {
    if (value.trim().toLowerCase(Locale.ROOT).equals("unlimited")) {
      return RateLimiter.smoothBuilder(1_000_000, Duration.ofSeconds(1)).build();
    }
    Matcher m = RATE.matcher(value.trim());
    try {
      if (m.matches()) {
        long permits = Long.parseLong(m.group(1));
        Duration period = Durations.parse(m.group(2));
        if (permits > 0 && !period.isZero()) {
          return RateLimiter.smoothBuilder(permits, period).build();
        }
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new ConfigException(
        "Setting 'rate.limit': '"
            + value
            + "' is not <requests>/<duration> (e.g. 50/1m) or unlimited");
  }

  /** Waits until the connector polls (or failed to start); for tests and the demo. */
  public boolean awaitStarted(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The port of /metrics and /health, once started; -1 when disabled. */
  public int httpPort() {
    return httpPort;
  }

  /**
   * Asks the loop to stop after the current page and waits up to {@code grace}; a fetch still
   * hanging after that is interrupted (its page is not committed, so it is fetched again on start).
   */
  public void stop(Duration grace) {
    sleeper.stop();
    try {
      if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        Thread thread = runner;
        if (thread != null) {
          thread.interrupt();
        }
        finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
