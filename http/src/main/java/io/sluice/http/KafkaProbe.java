package io.sluice.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Whether the broker answers, for readiness: a {@code describeCluster} with a short timeout, on the
 * process's own client settings (TLS, SASL). Kafka clients keep retrying through an outage without
 * telling anyone, so only asking tells. Reasons name the bootstrap address, never credentials.
 */
public final class KafkaProbe implements AutoCloseable {
  /** The outcome of one check. */
  public record Result(boolean up, String detail) {}

  private final Admin admin;
  private final String bootstrapServers;
  private final Duration timeout;

  /**
   * @param clientSettings Kafka client settings (security), without bootstrap servers
   * @param timeout how long one check may take
   */
  public KafkaProbe(
      Map<String, ?> clientSettings, String bootstrapServers, String clientId, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.timeout = timeout;
    Map<String, Object> config = new HashMap<>(clientSettings);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    this.admin = Admin.create(config);
  }

  public Result check() {
    try {
      int nodes =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
              .nodes()
              .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)
              .size();
      return new Result(true, nodes + " broker(s) at " + bootstrapServers);
    } catch (ExecutionException e) {
      return new Result(false, "Kafka at " + bootstrapServers + ": " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      return new Result(false, "Kafka at " + bootstrapServers + " did not answer in " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
  }
}
