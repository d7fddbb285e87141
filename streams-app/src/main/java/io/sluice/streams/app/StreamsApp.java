package io.sluice.streams.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.streams.api.RemoteRiskClient;
import io.sluice.streams.api.RiskApi;
import io.sluice.streams.api.RiskQueries;
import io.sluice.streams.api.StreamsRiskQueries;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.topology.SluiceTopology;
import io.sluice.streams.topology.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running streams app: topics ensured, topology built from config, {@link KafkaStreams} started
 * with Sluice's exception policy and its metrics bound to the meter registry; with {@link
 * #startServing}, also its HTTP server (metrics, health, risk API).
 */
public final class StreamsApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile HttpEndpoints http;

  private StreamsApp(KafkaStreams streams, KafkaStreamsMetrics streamsMetrics) {
    this.streams = streams;
    this.streamsMetrics = streamsMetrics;
  }

  /** The app without an HTTP server (the sandbox demo, tests of the pipeline alone). */
  public static StreamsApp start(SluiceConfig config, List<Rule> rules, MeterRegistry registry) {
    return start(config, rules, registry, config.streamsProperties(), null);
  }

  /**
   * The app with its HTTP server: {@code /metrics}, health and the risk API on {@code http.port}.
   * The server binds first, so that {@code application.server} carries the real port even when
   * {@code http.port=0}; an operator's {@code kafka.application.server} wins over {@code
   * http.host:port} (e.g. behind a proxy that maps ports).
   */
  public static StreamsApp startServing(
      SluiceConfig config, List<Rule> rules, PrometheusMeterRegistry registry) throws IOException {
    AtomicReference<StreamsApp> started = new AtomicReference<>();
    HttpEndpoints http =
        HttpEndpoints.start(
            config.httpPort(), registry, () -> started.get() != null && started.get().isRunning());
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
      List<Rule> rules,
      MeterRegistry registry,
      Properties props,
      HttpEndpoints http) {
    TopicAdmin.createMissing(
        config.bootstrapServers(),
        config.kafkaClientSettings(),
        Topics.all(config.topicPartitions()));
    Topology topology =
        SluiceTopology.build(
            FeedMappers.all(),
            rules,
            config.serdeConfig(),
            new PipelineMetrics(registry),
            config.topologyOptions());
    TopicAdmin.checkCoPartitioned(
        config.bootstrapServers(), config.kafkaClientSettings(), topology);
    KafkaStreams streams = new KafkaStreams(topology, props);
    streams.setUncaughtExceptionHandler(new ThreadReplacementPolicy(Sleeper.SYSTEM));
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    StreamsApp app = new StreamsApp(streams, streamsMetrics);
    if (http != null) {
      HostInfo self =
          HostInfo.buildFromEndpoint(props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
      RiskQueries queries = new StreamsRiskQueries(streams, self, RemoteRiskClient.withDefaults());
      http.route(RiskApi.PUBLIC_PATH, RiskApi.publicApi(queries));
      http.route(RiskApi.INTERNAL_PATH, RiskApi.internalApi(queries));
      app.http = http;
    }
    streams.setStateListener(
        (now, before) -> {
          LOG.info("streams state {} -> {}", before, now);
          if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
            app.stopped.countDown();
          }
        });
    streams.start();
    return app;
  }

  /** The HTTP port, when started with {@link #startServing}. */
  public int httpPort() {
    if (http == null) {
      throw new IllegalStateException("started without an HTTP server");
    }
    return http.port();
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

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
    streamsMetrics.close();
    if (http != null) {
      http.close();
    }
    stopped.countDown();
  }
}
