package io.sluice.streams.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.http.HealthAnswer;
import io.sluice.http.SluiceHttpServer;
import io.sluice.schemas.serde.CachingSchemaRegistryClient;
import io.sluice.schemas.serde.HttpSchemaRegistryClient;
import io.sluice.schemas.serde.SchemaRegistryClient;
import io.sluice.schemas.serde.SchemaRegistryClients;
import io.sluice.streams.api.RemoteRiskClient;
import io.sluice.streams.api.RiskApi;
import io.sluice.streams.api.RiskQueries;
import io.sluice.streams.api.StreamsRiskQueries;
import io.sluice.streams.config.Settings;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.LiveRules;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleBook;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.detect.RuleSet;
import io.sluice.streams.detect.RulesTopic;
import io.sluice.streams.errors.Outage;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.topology.SluiceTopology;
import io.sluice.streams.topology.Topics;
import io.sluice.streams.views.ViewQueries;
import io.sluice.streams.views.ViewsApi;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running streams app: topics ensured, topology built from config, {@link KafkaStreams} started
 * with Sluice's exception policy, its metrics bound to the meter registry and its readiness checked
 * in the background; with {@link #startServing}, also its HTTP server (metrics, health, risk API).
 */
public final class StreamsApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  /** How long a clean close may take: commit, checkpoint state, leave the group. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final Readiness readiness;
  private final HealthProbes probes;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final MeterRegistry meters;
  private final Map<Outage.Dependency, io.micrometer.core.instrument.Counter> outageStops =
      new java.util.EnumMap<>(Outage.Dependency.class);
  private volatile boolean closing;
  private volatile SluiceHttpServer http;
  private volatile AutoCloseable ruleResources = () -> {};
  private volatile RuleBook rules;

  private StreamsApp(
      KafkaStreams streams,
      KafkaStreamsMetrics streamsMetrics,
      Readiness readiness,
      HealthProbes probes,
      MeterRegistry meters) {
    this.meters = meters;
    this.streams = streams;
    this.streamsMetrics = streamsMetrics;
    this.readiness = readiness;
    this.probes = probes;
    // registered at zero, so the series exists before the first outage and increase() sees it
    for (Outage.Dependency dependency : Outage.Dependency.values()) {
      outageStops.put(
          dependency,
          io.micrometer.core.instrument.Counter.builder("sluice_outage_thread_stops")
              .description(
                  "Stream threads stopped because a dependency was unreachable (nothing was"
                      + " committed past the record; the thread was replaced once it answered)")
              .tag("dependency", dependency.label())
              .register(meters));
    }
  }

  /** The app without an HTTP server (the sandbox demo, tests of the pipeline alone). */
  public static StreamsApp start(SluiceConfig config, List<Rule> rules, MeterRegistry registry) {
    return start(config, fixed(rules), registry, config.streamsProperties(), null);
  }

  /** The rules an app runs, and what must be closed with it. */
  private record Rules(RuleBook book, AutoCloseable resources) {}

  /** How the rules come to be, called once the topics exist. */
  @FunctionalInterface
  private interface RuleSource {
    Rules open(String instance);
  }

  private static RuleSource fixed(List<Rule> rules) {
    RuleBook book = RuleBook.of(new RuleSet(rules));
    return instance -> new Rules(book, () -> {});
  }

  /**
   * Live rules: the built-in pack and {@code rules.dir}, plus the entries of {@code sluice.rules}
   * as they are now; the topology then follows the topic while it runs (docs/rules.md, "Changing
   * rules while Sluice runs"). A bad file of the pack or the directory stops start-up naming it; a
   * bad topic entry is rejected and reported, and the rest runs.
   */
  private static RuleSource live(SluiceConfig config) {
    return instance -> {
      Map<String, String> files = new RuleLoader().files(config.rulesDirectory());
      Map<String, String> entries = new CompactedTopic(config, RulesTopic.TOPIC).read();
      RuleStatusPublisher status = new RuleStatusPublisher(config, instance, Clock.systemUTC());
      try {
        return new Rules(new LiveRules(files, entries, status), status);
      } catch (RuntimeException e) {
        status.close();
        throw e;
      }
    };
  }

  /**
   * The app with its HTTP server: {@code /metrics}, health and the risk API. The server binds
   * first, so that {@code application.server} carries the real port even when {@code http.port=0};
   * an operator's {@code kafka.application.server} wins over {@code http.host:port} (e.g. behind a
   * proxy that maps ports).
   */
  public static StreamsApp startServing(
      SluiceConfig config, List<Rule> rules, PrometheusMeterRegistry registry) {
    return startServing(config, fixed(rules), registry);
  }

  /**
   * The app with its HTTP server and live rules: the built-in pack, {@code rules.dir} and the
   * {@code sluice.rules} topic, followed while it runs. What {@code ./sluice streams} runs.
   */
  public static StreamsApp startServingLiveRules(
      SluiceConfig config, PrometheusMeterRegistry registry) {
    return startServing(config, live(config), registry);
  }

  private static StreamsApp startServing(
      SluiceConfig config, RuleSource rules, PrometheusMeterRegistry registry) {
    AtomicReference<StreamsApp> started = new AtomicReference<>();
    SluiceHttpServer http =
        SluiceHttpServer.start(
            config.httpSettings(),
            registry,
            () -> {
              StreamsApp app = started.get();
              return app == null ? HealthAnswer.healthy() : app.liveness();
            },
            () -> {
              StreamsApp app = started.get();
              return app == null ? HealthAnswer.unhealthy("starting") : app.readinessAnswer();
            });
    try {
      Properties props = config.streamsProperties();
      props.putIfAbsent(
          StreamsConfig.APPLICATION_SERVER_CONFIG, config.httpHost() + ":" + http.port());
      StreamsApp app = start(config, rules, registry, props, http);
      started.set(app);
      return app;
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
  }

  private static StreamsApp start(
      SluiceConfig config,
      RuleSource ruleSource,
      MeterRegistry registry,
      Properties props,
      SluiceHttpServer http) {
    TopicAdmin.createMissing(
        config.bootstrapServers(),
        config.kafkaClientSettings(),
        Topics.all(config.topicPartitions()),
        config.topicReplicationFactor(),
        config.topicMinInsyncReplicas());
    Rules rules =
        ruleSource.open(
            props.getProperty(
                StreamsConfig.APPLICATION_SERVER_CONFIG,
                props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG)));
    try {
      return start(config, rules, registry, props, http);
    } catch (RuntimeException e) {
      closeQuietly(rules.resources());
      throw e;
    }
  }

  private static StreamsApp start(
      SluiceConfig config,
      Rules rules,
      MeterRegistry registry,
      Properties props,
      SluiceHttpServer http) {
    String registryUrl = config.schemaRegistryUrl();
    boolean exactlyOnce =
        StreamsConfig.EXACTLY_ONCE_V2.equals(
            props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    PipelineMetrics metrics =
        exactlyOnce ? PipelineMetrics.committed(registry) : new PipelineMetrics(registry);
    Topology topology =
        SluiceTopology.build(
            FeedMappers.all(),
            rules.book(),
            config.serdeConfig(),
            metrics,
            config.topologyOptions());
    TopicAdmin.checkCoPartitioned(
        config.bootstrapServers(), config.kafkaClientSettings(), topology);
    KafkaStreams streams =
        exactlyOnce
            ? new KafkaStreams(topology, props, new CommitCountingClientSupplier(metrics))
            : new KafkaStreams(topology, props);
    Readiness readiness = new Readiness().bindTo(registry);
    SchemaRegistryClient registryClient =
        SchemaRegistryClients.forUrl(registryUrl, config.serdeConfig());
    Optional<SchemaRegistryClient> probed =
        isHttp(registryClient) ? Optional.of(registryClient) : Optional.empty();
    HealthProbes probes =
        new HealthProbes(
            readiness,
            streams,
            config.bootstrapServers(),
            config.kafkaClientSettings(),
            probed,
            displayUrl(registryClient, registryUrl),
            config.duration(Settings.HEALTH_CHECK_INTERVAL));
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    StreamsApp app = new StreamsApp(streams, streamsMetrics, readiness, probes, registry);
    app.rules = rules.book();
    app.ruleResources = rules.resources();
    streams.setUncaughtExceptionHandler(
        new ThreadReplacementPolicy(Sleeper.SYSTEM, System::currentTimeMillis, app::awaitRecovery));
    if (http != null) {
      HostInfo self =
          HostInfo.buildFromEndpoint(props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
      RiskQueries queries =
          new StreamsRiskQueries(
              streams, self, RemoteRiskClient.withDefaults(http.scheme(), config.apiToken()));
      http.route(RiskApi.PUBLIC_PATH, RiskApi.publicApi(queries));
      http.route(RiskApi.INTERNAL_PATH, RiskApi.internalApi(queries));
      if (config.topologyOptions().detect()) {
        ViewsApi.register(
            http,
            new ViewQueries(
                streams,
                self,
                RemoteRiskClient.withDefaults(http.scheme(), config.apiToken()),
                registry));
      }
      app.http = http;
    }
    streams.setStateListener(
        (now, before) -> {
          LOG.info("streams state {} -> {}", before, now);
          app.probes.checkSoon();
          if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
            app.stopped.countDown();
          }
        });
    streams.start();
    return app;
  }

  private static boolean isHttp(SchemaRegistryClient client) {
    SchemaRegistryClient inner =
        client instanceof CachingSchemaRegistryClient caching ? caching.delegate() : client;
    return inner instanceof HttpSchemaRegistryClient;
  }

  // the configured URL may carry user:password; the client's base URI never does
  private static String displayUrl(SchemaRegistryClient client, String configured) {
    SchemaRegistryClient inner =
        client instanceof CachingSchemaRegistryClient caching ? caching.delegate() : client;
    return inner instanceof HttpSchemaRegistryClient http ? http.baseUri().toString() : configured;
  }

  /**
   * What a stream thread that stopped on an outage waits for: the dependency answering again (the
   * background checks see it), or the app closing. Readiness is down meanwhile.
   */
  private boolean awaitRecovery(Outage outage) throws InterruptedException {
    readiness.outage(outage);
    outageStops.get(outage.dependency()).increment();
    Readiness.Check check =
        outage.dependency() == Outage.Dependency.KAFKA
            ? Readiness.Check.KAFKA
            : Readiness.Check.SCHEMA_REGISTRY;
    long lastLog = System.nanoTime();
    // the outage itself marked the check down; only a later successful check lifts it
    while (!closing) {
      // at least a second between attempts, even when the check passes at once (a registry that
      // answers GET but fails writes must not spin the thread through fail-replace-fail)
      if (stopped.await(1, TimeUnit.SECONDS)) {
        return false;
      }
      probes.checkAll();
      if (readiness.isUp(check)) {
        return true;
      }
      if (System.nanoTime() - lastLog > TimeUnit.MINUTES.toNanos(1)) {
        LOG.warn("still waiting: {}", outage.detail());
        lastLog = System.nanoTime();
      }
    }
    return false;
  }

  private HealthAnswer readinessAnswer() {
    return new HealthAnswer(readiness.ready(), readiness.body());
  }

  /** Live unless Kafka Streams has failed for good: then only a restart helps. */
  private HealthAnswer liveness() {
    KafkaStreams.State state = streams.state();
    boolean dead = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
    return dead
        ? HealthAnswer.unhealthy("Kafka Streams is " + state)
        : new HealthAnswer(true, Map.of("status", "UP", "streams", state.toString()));
  }

  /** What {@code /health/ready} would answer now (tests). */
  public Readiness readiness() {
    return readiness;
  }

  /** The HTTP port, when started with {@link #startServing}. */
  public int httpPort() {
    if (http == null) {
      throw new IllegalStateException("started without an HTTP server");
    }
    return http.port();
  }

  /** The port of {@code /metrics} and {@code /health}, when started with {@link #startServing}. */
  public int managementPort() {
    if (http == null) {
      throw new IllegalStateException("started without an HTTP server");
    }
    return http.managementPort();
  }

  /** For interactive queries and their metadata (tests, the risk API). */
  public KafkaStreams streams() {
    return streams;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** Whether Kafka Streams ended in ERROR (a fatal error, or too many thread failures). */
  public boolean failed() {
    return streams.state() == KafkaStreams.State.ERROR;
  }

  public boolean isRunning() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /** Blocks until the app stops (shutdown hook, fatal error). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (isRunning()) {
        return true;
      }
      if (stopped.await(100, TimeUnit.MILLISECONDS)) {
        return false;
      }
    }
    return isRunning();
  }

  /**
   * Stops cleanly: commits, writes state checkpoints (so the next start restores nothing) and
   * leaves the consumer group at once, so that a restart or another instance gets the partitions
   * without waiting for the session timeout.
   *
   * @return whether Kafka Streams finished within {@link #CLOSE_TIMEOUT}
   */
  public boolean closeCleanly() {
    closing = true;
    boolean clean =
        streams.close(
            CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    streamsMetrics.close();
    probes.close();
    if (http != null) {
      http.close();
    }
    closeQuietly(ruleResources);
    stopped.countDown();
    return clean;
  }

  /** The rules running now (with live rules, what {@code sluice.rules} made of them so far). */
  public RuleSet rules() {
    return rules.current();
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      LOG.warn("closing {} failed: {}", resource, e.toString());
    }
  }

  @Override
  public void close() {
    closeCleanly();
  }
}
