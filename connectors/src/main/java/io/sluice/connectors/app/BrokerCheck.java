package io.sluice.connectors.app;

import io.sluice.connectors.core.Health;
import io.sluice.http.KafkaProbe;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the broker every {@code health.check.interval} whether it answers ({@code describeCluster}
 * with a short timeout) and tells each feed's {@link Health}: a connector waiting between polls
 * would otherwise stay ready through a broker outage.
 */
final class BrokerCheck implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BrokerCheck.class);

  private final KafkaProbe probe;
  private final List<Health> feeds;
  private final ScheduledExecutorService executor;

  BrokerCheck(
      Map<String, Object> clientConfig,
      String bootstrapServers,
      List<Health> feeds,
      Duration interval) {
    this.feeds = List.copyOf(feeds);
    Duration timeout =
        interval.compareTo(Duration.ofSeconds(5)) < 0 ? interval : Duration.ofSeconds(5);
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.remove(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
    this.probe = new KafkaProbe(config, bootstrapServers, "sluice-connector-health", timeout);
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-connector-health");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    try {
      KafkaProbe.Result result = probe.check();
      if (result.up()) {
        feeds.forEach(h -> h.broker(true, result.detail()));
      } else {
        down(result.detail());
      }
    } catch (RuntimeException e) {
      log.warn("broker check failed unexpectedly", e);
    }
  }

  private void down(String detail) {
    if (feeds.stream().allMatch(Health::brokerUp)) {
      log.warn("not ready: {}", detail);
    }
    feeds.forEach(h -> h.broker(false, detail));
  }

  @Override
  public void close() {
    executor.shutdownNow();
    probe.close();
  }
}
