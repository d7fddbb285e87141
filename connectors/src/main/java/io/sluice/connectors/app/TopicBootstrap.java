package io.sluice.connectors.app;

import io.sluice.connectors.config.ConfigException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the feeds' raw topics (7-day retention, docs/design.md §3) and the compacted checkpoint
 * topic when they are missing, as every Sluice process does at start-up, and checks that the
 * checkpoint topic is compacted. Existing topics are left alone; a cluster that forbids topic
 * creation is fine as long as {@code ./sluice topics} ran.
 */
final class TopicBootstrap {
  private static final Logger log = LoggerFactory.getLogger(TopicBootstrap.class);
  private static final long RAW_RETENTION_MS = TimeUnit.DAYS.toMillis(7);

  private TopicBootstrap() {}

  /**
   * Refuses to start on a checkpoint topic that is not compacted: with {@code
   * cleanup.policy=delete} checkpoints expire after {@code retention.ms}, and a connector whose
   * feed was quiet that long would start over from {@code since}. {@code compact,delete} is allowed
   * with a warning (the same risk, the operator's choice). A cluster that does not let us describe
   * the topic only warns.
   */
  static void verifyCheckpointTopic(Map<String, Object> clientConfig, String checkpointTopic) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, checkpointTopic);
    String policy;
    try (Admin admin = Admin.create(clientConfig)) {
      Config config =
          admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
      ConfigEntry entry = config == null ? null : config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
      policy = entry == null ? "" : entry.value();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicAuthorizationException
          || e.getCause() instanceof ClusterAuthorizationException) {
        log.warn("Not allowed to describe {}; cannot check that it is compacted", checkpointTopic);
        return;
      }
      throw new IllegalStateException("Could not describe topic " + checkpointTopic, e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out describing topic " + checkpointTopic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted describing topic " + checkpointTopic, e);
    }
    List<String> policies = Arrays.stream(policy.split(",")).map(String::trim).toList();
    if (!policies.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
      throw new ConfigException(
          "The checkpoint topic "
              + checkpointTopic
              + " has cleanup.policy="
              + policy
              + ": checkpoints would expire and connectors start over. Make it compacted:"
              + " kafka-configs --alter --entity-type topics --entity-name "
              + checkpointTopic
              + " --add-config cleanup.policy=compact");
    }
    if (policies.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
      log.warn(
          "The checkpoint topic {} has cleanup.policy={}: a checkpoint older than its retention.ms"
              + " is deleted and its connector starts over from since",
          checkpointTopic,
          policy);
    }
  }

  static void ensure(
      Map<String, Object> clientConfig,
      List<String> rawTopics,
      int partitions,
      String checkpointTopic) {
    List<NewTopic> topics = new ArrayList<>();
    for (String rawTopic : rawTopics) {
      topics.add(
          new NewTopic(rawTopic, Optional.of(partitions), Optional.empty())
              .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(RAW_RETENTION_MS))));
    }
    topics.add(
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
