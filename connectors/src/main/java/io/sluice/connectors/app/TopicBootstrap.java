package io.sluice.connectors.app;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the feed's raw topic (7-day retention, DESIGN §3) and the compacted checkpoint topic when
 * they are missing, as every Sluice process does at start-up. Existing topics are left alone; a
 * cluster that forbids topic creation is fine as long as {@code ./sluice topics} ran.
 */
final class TopicBootstrap {
  private static final Logger log = LoggerFactory.getLogger(TopicBootstrap.class);
  private static final long RAW_RETENTION_MS = TimeUnit.DAYS.toMillis(7);

  private TopicBootstrap() {}

  static void ensure(
      Map<String, Object> clientConfig, String rawTopic, int partitions, String checkpointTopic) {
    List<NewTopic> topics =
        List.of(
            new NewTopic(rawTopic, Optional.of(partitions), Optional.empty())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(RAW_RETENTION_MS))),
            new NewTopic(checkpointTopic, Optional.of(1), Optional.empty())
                .configs(
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    try (Admin admin = Admin.create(clientConfig)) {
      admin
          .createTopics(topics)
          .values()
          .forEach(
              (topic, future) -> {
                try {
                  future.get(30, TimeUnit.SECONDS);
                  log.info("Created topic {}", topic);
                } catch (ExecutionException e) {
                  if (e.getCause() instanceof TopicExistsException) {
                    log.debug("Topic {} exists", topic);
                  } else if (e.getCause() instanceof TopicAuthorizationException) {
                    log.warn("Not allowed to create topic {}; assuming it exists", topic);
                  } else {
                    throw new IllegalStateException(
                        "Could not create topic " + topic, e.getCause());
                  }
                } catch (TimeoutException e) {
                  throw new IllegalStateException("Timed out creating topic " + topic, e);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException("Interrupted creating topic " + topic, e);
                }
              });
    }
  }
}
