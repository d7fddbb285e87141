package io.sluice.streams.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.topology.SluiceTopology;
import io.sluice.streams.topology.Topics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running streams app: topics ensured, topology built from config, {@link KafkaStreams} started
 * with Sluice's exception policy and its metrics bound to the meter registry.
 */
public final class StreamsApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  /** A thread that dies of an unexpected error is replaced this many times, then the app stops. */
  private static final int MAX_THREAD_REPLACEMENTS = 3;

  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private StreamsApp(KafkaStreams streams, KafkaStreamsMetrics streamsMetrics) {
    this.streams = streams;
    this.streamsMetrics = streamsMetrics;
  }

  public static StreamsApp start(SluiceConfig config, List<Rule> rules, MeterRegistry registry) {
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
    KafkaStreams streams = new KafkaStreams(topology, config.streamsProperties());
    AtomicInteger replacements = new AtomicInteger();
    streams.setUncaughtExceptionHandler(
        error -> {
          if (replacements.incrementAndGet() <= MAX_THREAD_REPLACEMENTS) {
            LOG.error("stream thread failed; replacing it", error);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
          }
          LOG.error("stream thread failed {} times; shutting down", replacements.get(), error);
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    StreamsApp app = new StreamsApp(streams, streamsMetrics);
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

  public KafkaStreams.State state() {
    return streams.state();
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
    stopped.countDown();
  }
}
