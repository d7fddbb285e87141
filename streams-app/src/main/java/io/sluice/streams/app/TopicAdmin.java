package io.sluice.streams.app;

import io.sluice.streams.topology.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics of the catalogue that do not exist yet, with their explicit settings. */
public final class TopicAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  /**
   * @param clientSettings extra admin-client settings (security), already without the {@code
   *     kafka.} prefix
   * @return the names of the topics created
   */
  public static List<String> createMissing(
      String bootstrapServers, Map<String, String> clientSettings, List<Topics.Spec> specs) {
    Map<String, Object> config = new HashMap<>(clientSettings);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(config)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing =
          specs.stream()
              .filter(s -> !existing.contains(s.name()))
              .map(
                  s ->
                      new NewTopic(s.name(), Optional.of(s.partitions()), Optional.empty())
                          .configs(s.configs()))
              .toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        LOG.info(
            "created {} topics: {}", missing.size(), missing.stream().map(NewTopic::name).toList());
      }
      return missing.stream().map(NewTopic::name).toList();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot create topics on " + bootstrapServers + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + bootstrapServers + " did not answer in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }
}
