package io.sluice.streams.app;

import io.sluice.http.KafkaProbe;
import io.sluice.schemas.serde.SchemaRegistryClient;
import io.sluice.schemas.serde.SchemaRegistryException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, on one background thread every {@code health.check.interval}, what readiness depends on:
 * Kafka Streams' state and every stream thread's, the broker (a {@code describeCluster} with a
 * short timeout) and the schema registry (a cheap {@code GET /subjects}). Kafka Streams itself
 * stays RUNNING through a broker outage, so only asking the broker tells.
 */
final class HealthProbes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthProbes.class);

  private final Readiness readiness;
  private final KafkaStreams streams;
  private final KafkaProbe kafka;
  private final Optional<SchemaRegistryClient> registry;
  private final String registryUrl;
  private final Duration timeout;
  private final ScheduledExecutorService executor;

  /**
   * @param registry empty for an in-process registry, which is always reachable
   */
  HealthProbes(
      Readiness readiness,
      KafkaStreams streams,
      String bootstrapServers,
      Map<String, String> clientSettings,
      Optional<SchemaRegistryClient> registry,
      String registryUrl,
      Duration interval) {
    this.readiness = readiness;
    this.streams = streams;
    this.registry = registry;
    this.registryUrl = registryUrl;
    this.timeout = interval.compareTo(Duration.ofSeconds(5)) < 0 ? interval : Duration.ofSeconds(5);
    this.kafka = new KafkaProbe(clientSettings, bootstrapServers, "sluice-health", timeout);
    if (registry.isEmpty()) {
      readiness.set(Readiness.Check.SCHEMA_REGISTRY, true, "in-process registry " + registryUrl);
    }
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-health");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(this::checkAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs every check soon on the checks' own thread (e.g. when Kafka Streams changes state). */
  void checkSoon() {
    if (!executor.isShutdown()) {
      executor.execute(this::checkAll);
    }
  }

  /** Runs every check now, on the caller's thread (also what the schedule runs). */
  void checkAll() {
    try {
      checkStreams();
      checkKafka();
      checkRegistry();
    } catch (InterruptException e) {
      // close() interrupts a check in flight: the app is stopping, nothing failed
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("health check failed unexpectedly", e);
    }
  }

  private void checkStreams() {
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING) {
      readiness.set(Readiness.Check.STREAMS, false, "Kafka Streams is " + state);
      return;
    }
    Set<String> notRunning =
        streams.metadataForLocalThreads().stream()
            .filter(t -> !"RUNNING".equals(t.threadState()))
            .map(t -> shortName(t) + " " + t.threadState())
            .collect(Collectors.toCollection(java.util.TreeSet::new));
    readiness.set(
        Readiness.Check.STREAMS,
        notRunning.isEmpty(),
        notRunning.isEmpty()
            ? "RUNNING"
            : "stream threads not running: " + String.join(", ", notRunning));
  }

  private static String shortName(ThreadMetadata thread) {
    String name = thread.threadName();
    int i = name.indexOf("StreamThread");
    return i < 0 ? name : name.substring(i);
  }

  private void checkKafka() {
    KafkaProbe.Result result = kafka.check();
    if (result.up()) {
      readiness.set(Readiness.Check.KAFKA, true, result.detail());
    } else {
      down(Readiness.Check.KAFKA, result.detail());
    }
  }

  private void checkRegistry() {
    if (registry.isEmpty()) {
      return;
    }
    try {
      registry.get().checkReachable();
      readiness.set(Readiness.Check.SCHEMA_REGISTRY, true, "answering at " + registryUrl);
    } catch (SchemaRegistryException e) {
      down(Readiness.Check.SCHEMA_REGISTRY, e.getMessage());
    }
  }

  private void down(Readiness.Check check, String detail) {
    if (readiness.isUp(check)) {
      LOG.warn("not ready: {}", detail);
    }
    readiness.set(check, false, detail);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    kafka.close();
  }
}
