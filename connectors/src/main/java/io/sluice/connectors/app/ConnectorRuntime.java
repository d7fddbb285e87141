package io.sluice.connectors.app;

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
import io.sluice.connectors.core.ConnectorStoppedException;
import io.sluice.connectors.core.Feed;
import io.sluice.connectors.core.Health;
import io.sluice.connectors.core.KafkaPagePublisher;
import io.sluice.connectors.core.PollLoop;
import io.sluice.connectors.core.RateGate;
import io.sluice.connectors.core.RetrySettings;
import io.sluice.connectors.core.Sleeper;
import io.sluice.connectors.core.TenantBinding;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.Secrets;
import io.sluice.http.HealthAnswer;
import io.sluice.http.HttpSettings;
import io.sluice.http.SluiceHttpServer;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires one connector from configuration: meters and HTTP endpoints, the vendor's feeds (one, or
 * several sharing an application), topics, a transactional publisher and a poll loop per feed.
 * {@link #run()} blocks until {@link #stop} or until a feed cannot go on ({@link
 * ConnectorStoppedException}), which stops the others.
 *
 * <p>Identity: each feed's connector id is {@code connector.id} when set, else {@code
 * <name>@<tenant>}, so that two accounts of one vendor on one cluster never share a transactional
 * id or a checkpoint; a checkpoint that names another tenant than the configured one is refused.
 */
public final class ConnectorRuntime {
  private static final Logger log = LoggerFactory.getLogger(ConnectorRuntime.class);
  private static final Pattern RATE = Pattern.compile("(\\d+)\\s*/\\s*(\\S+)");

  private final ConnectorFactory factory;
  private final ConnectorConfig config;
  private final Map<String, String> env;
  private final Options options;
  private final Sleeper sleeper;
  private final CountDownLatch finished = new CountDownLatch(1);
  private final CountDownLatch ready = new CountDownLatch(1);
  private final List<Thread> runners = new ArrayList<>();
  private volatile Thread runner;
  private volatile int httpPort = -1;

  /**
   * What a test or the demo may replace: the clock, how the connector waits (simulated time) and
   * how producers are built (one whose commits time out).
   */
  public record Options(
      Clock clock,
      Sleeper sleeper,
      Function<Map<String, Object>, Producer<byte[], byte[]>> producers) {
    public static Options production(Clock clock) {
      return new Options(clock, Sleeper.real(), KafkaPagePublisher::kafkaProducer);
    }
  }

  public ConnectorRuntime(
      ConnectorFactory factory, ConnectorConfig config, Map<String, String> env, Clock clock) {
    this(factory, config, env, Options.production(clock));
  }

  public ConnectorRuntime(
      ConnectorFactory factory, ConnectorConfig config, Map<String, String> env, Options options) {
    this.factory = factory;
    this.config = config;
    this.env = Map.copyOf(env);
    this.options = options;
    this.sleeper = options.sleeper();
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
    Secrets secrets = new Secrets(env);
    String tenant;
    try {
      tenant = factory.tenant(config, secrets);
    } catch (Secrets.SecretException e) {
      throw new ConfigException(e.getMessage());
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    Clock clock = options.clock();
    RateGate gate =
        new RateGate(
            interval(config.string(ConnectorConfig.RATE_LIMIT)),
            clock,
            sleeper,
            () -> ThreadLocalRandom.current().nextDouble());
    HttpClient jdk = HttpPageClient.newClient(config.duration(ConnectorConfig.CONNECT_TIMEOUT));
    Map<String, ConnectorMetrics> meters = new ConcurrentHashMap<>();
    Function<String, ConnectorMetrics> metricsOf =
        source -> meters.computeIfAbsent(source, s -> new ConnectorMetrics(registry, s));
    Function<String, HttpPageClient> clients =
        source ->
            new HttpPageClient(
                jdk,
                config.duration(ConnectorConfig.REQUEST_TIMEOUT),
                config.longValue(ConnectorConfig.MAX_PAGE_BYTES),
                metricsOf.apply(source),
                gate,
                factory.rateLimitHeaders(),
                clock);
    List<Feed> feeds;
    try {
      feeds = factory.feeds(new ConnectorFactory.Context(config, secrets, clients, clock));
    } catch (Secrets.SecretException e) {
      throw new ConfigException(e.getMessage());
    }
    RetrySettings retry =
        new RetrySettings(
            config.intValue(ConnectorConfig.RETRY_MAX_ATTEMPTS),
            new Backoff(
                config.duration(ConnectorConfig.RETRY_INITIAL_BACKOFF),
                config.duration(ConnectorConfig.RETRY_MAX_BACKOFF),
                () -> ThreadLocalRandom.current().nextDouble()));
    String checkpointTopic = config.string(ConnectorConfig.CHECKPOINT_TOPIC);
    Map<String, Object> kafka = kafkaConfig();
    int port = config.intValue(ConnectorConfig.HTTP_PORT);
    List<Health> health = new ArrayList<>();
    for (int i = 0; i < feeds.size(); i++) {
      health.add(new Health(config.intValue(ConnectorConfig.READY_MAX_FAILED_POLLS)));
    }

    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    registerReadyGauges(registry, health);
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
            feeds.stream().map(Feed::topic).distinct().toList(),
            config.intValue(ConnectorConfig.TOPIC_PARTITIONS),
            checkpointTopic);
      }
      TopicBootstrap.verifyCheckpointTopic(kafka, checkpointTopic);
      AtomicReference<RuntimeException> failure = new AtomicReference<>();
      CountDownLatch started = new CountDownLatch(feeds.size());
      for (int i = 0; i < feeds.size(); i++) {
        Feed feed = feeds.get(i);
        Health feedHealth = health.get(i);
        String connectorId = connectorId(feed, feeds.size(), tenant);
        Runnable run =
            () -> {
              try {
                runFeed(
                    connectorId,
                    tenant,
                    feed,
                    kafka,
                    checkpointTopic,
                    gate,
                    retry,
                    metricsOf.apply(feed.source()),
                    feedHealth,
                    registry,
                    started);
              } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                sleeper.stop(); // one feed cannot go on: the process stops, with its reason
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                started.countDown();
              }
            };
        Thread thread = new Thread(run, "sluice-feed-" + feed.source());
        synchronized (runners) {
          runners.add(thread);
        }
        thread.start();
      }
      started.await();
      ready.countDown();
      for (Thread thread : List.copyOf(runners)) {
        thread.join();
      }
      if (failure.get() != null) {
        throw failure.get();
      }
      log.info("Connector {} stopped", factory.name());
    }
  }

  private void runFeed(
      String connectorId,
      String tenant,
      Feed feed,
      Map<String, Object> kafka,
      String checkpointTopic,
      RateGate gate,
      RetrySettings retry,
      ConnectorMetrics metrics,
      Health health,
      PrometheusMeterRegistry registry,
      CountDownLatch started)
      throws InterruptedException {
    try (KafkaPagePublisher publisher =
            new KafkaPagePublisher(
                kafka,
                connectorId,
                checkpointTopic,
                config.duration(ConnectorConfig.CHECKPOINT_READ_TIMEOUT),
                options.producers());
        KafkaClientMetrics producerMetrics = new KafkaClientMetrics(publisher.producer())) {
      producerMetrics.bindTo(registry);
      publisher.init();
      String key = Checkpoint.key(connectorId, feed.source());
      Optional<Checkpoint> checkpoint = publisher.readCheckpoint(key);
      String start;
      TenantBinding.requireSame(checkpoint, tenant);
      if (checkpoint.isPresent()) {
        log.info(
            "Connector {} resumes {} of tenant {} from the checkpoint committed at {} (since is"
                + " ignored)",
            connectorId,
            feed.source(),
            tenant,
            checkpoint.get().updatedAt());
        start = checkpoint.get().position();
      } else {
        log.info(
            "Connector {} has no checkpoint for {} of tenant {}; starting a backfill",
            connectorId,
            feed.source(),
            tenant);
        start = feed.initialPosition();
      }
      health.started();
      started.countDown();
      new PollLoop(
              connectorId,
              tenant,
              feed,
              publisher,
              gate,
              retry,
              config.duration(ConnectorConfig.POLL_INTERVAL),
              metrics,
              health,
              sleeper,
              options.clock())
          .run(start);
    } finally {
      health.stopped();
    }
  }

  /**
   * {@code connector.id} when set, else {@code <name>@<tenant>}; with several feeds in one process,
   * each feed's own id: {@code <connector.id>-<feed>} or the id its single-feed connector has.
   */
  String connectorId(Feed feed, int feeds, String tenant) {
    Optional<String> configured = config.find(ConnectorConfig.CONNECTOR_ID);
    String name =
        feeds == 1 ? factory.name() : feed.source().replace('.', '-').toLowerCase(Locale.ROOT);
    if (configured.isPresent()) {
      return feeds == 1
          ? configured.get()
          : configured.get() + "-" + feed.source().substring(feed.source().indexOf('.') + 1);
    }
    return TenantBinding.defaultConnectorId(name, tenant);
  }

  private SluiceHttpServer startEndpoints(
      int port, PrometheusMeterRegistry registry, List<Health> feeds) {
    // one listener on http.bind: a connector serves only metrics and health, never a token route
    String bind = config.string(ConnectorConfig.HTTP_BIND);
    HttpSettings settings =
        new HttpSettings(
            bind, port, bind, -1, java.util.Optional.empty(), java.util.Optional.empty());
    return SluiceHttpServer.start(
        settings,
        registry,
        () -> new HealthAnswer(true, Map.of("status", "UP")),
        () -> new HealthAnswer(Health.allReady(feeds), Health.body(feeds)));
  }

  private static void registerReadyGauges(PrometheusMeterRegistry registry, List<Health> feeds) {
    io.micrometer.core.instrument.Gauge.builder(
            "sluice_ready", feeds, f -> Health.allReady(f) ? 1 : 0)
        .description("1 while the process can do its work (the /health/ready answer)")
        .register(registry);
    io.micrometer.core.instrument.Gauge.builder(
            "sluice_dependency_up", feeds, f -> f.stream().allMatch(Health::brokerUp) ? 1 : 0)
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
   * {@code rate.limit}: {@code <requests>/<duration>} (e.g. {@code 50/1m}), spread evenly (so a
   * backfill does not burst into the vendor's limit): the smallest gap between two requests; {@code
   * unlimited}: none.
   */
  static Duration interval(String value) {
    if (value.trim().toLowerCase(Locale.ROOT).equals("unlimited")) {
      return Duration.ZERO;
    }
    Matcher m = RATE.matcher(value.trim());
    try {
      if (m.matches()) {
        long permits = Long.parseLong(m.group(1));
        Duration period = Durations.parse(m.group(2));
        if (permits > 0 && !period.isZero()) {
          return period.dividedBy(permits);
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

  /** Waits until every feed polls (or the connector failed to start); for tests and the demo. */
  public boolean awaitStarted(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The port of /metrics and /health, once started; -1 when disabled. */
  public int httpPort() {
    return httpPort;
  }

  /**
   * Asks the loops to stop after the current page and waits up to {@code grace}; a fetch still
   * hanging after that is interrupted (its page is not committed, so it is fetched again on start).
   */
  public void stop(Duration grace) {
    sleeper.stop();
    try {
      if (!finished.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        List<Thread> all = new ArrayList<>();
        synchronized (runners) {
          all.addAll(runners);
        }
        Thread thread = runner;
        if (thread != null) {
          all.add(thread);
        }
        all.forEach(Thread::interrupt);
        finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
