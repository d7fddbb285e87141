package io.sluice.streams.app;

import io.sluice.streams.topology.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of the catalogue that do not exist yet, with their explicit settings, and
 * checks that topics read together have equal partition counts.
 */
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
    return createMissing(
        bootstrapServers, clientSettings, specs, Optional.empty(), Optional.empty());
  }

  /**
   * @param replicationFactor empty for the broker's default
   * @param minInsyncReplicas empty for the broker's default
   */
  public static List<String> createMissing(
      String bootstrapServers,
      Map<String, String> clientSettings,
      List<Topics.Spec> specs,
      Optional<Short> replicationFactor,
      Optional<Integer> minInsyncReplicas) {
    return withAdmin(
        bootstrapServers,
        clientSettings,
        "create topics",
        admin -> {
          Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
          List<NewTopic> missing =
              specs.stream()
                  .filter(s -> !existing.contains(s.name()))
                  .map(s -> newTopic(s, replicationFactor, minInsyncReplicas))
                  .toList();
          if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            LOG.info(
                "created {} topics: {}",
                missing.size(),
                missing.stream().map(NewTopic::name).toList());
          }
          return missing.stream().map(NewTopic::name).toList();
        });
  }

  static NewTopic newTopic(
      Topics.Spec spec, Optional<Short> replicationFactor, Optional<Integer> minInsyncReplicas) {
    Map<String, String> configs = new TreeMap<>(spec.configs());
    minInsyncReplicas.ifPresent(n -> configs.put(MIN_ISR, Integer.toString(n)));
    return new NewTopic(spec.name(), Optional.of(spec.partitions()), replicationFactor)
        .configs(configs);
  }

  static final String MIN_ISR = "min.insync.replicas";

  /**
   * Stops start-up when topics one sub-topology reads together have different partition counts.
   * Kafka Streams makes one task per partition number and gives task p partition p of each of its
   * topics: with unequal counts one user's canonical records would meet in no task, and detections
   * and risk would split that user silently. Topics created by Sluice always agree; pre-created
   * ones may not.
   */
  public static void checkCoPartitioned(
      String bootstrapServers, Map<String, String> clientSettings, Topology topology) {
    List<Set<String>> groups = CoPartitioning.sourceTopicGroups(topology.describe());
    Set<String> topics = new TreeSet<>();
    groups.forEach(topics::addAll);
    if (topics.isEmpty()) {
      return;
    }
    Map<String, Integer> partitions =
        withAdmin(
            bootstrapServers,
            clientSettings,
            "describe topics",
            admin -> {
              Map<String, Integer> counts = new TreeMap<>();
              describeOnceVisible(admin, topics)
                  .forEach((name, d) -> counts.put(name, d.partitions().size()));
              return counts;
            });
    CoPartitioning.mismatch(groups, partitions)
        .ifPresent(
            problem -> {
              throw new IllegalStateException(problem);
            });
  }

  /**
   * Describes {@code topics}, waiting up to 30 s for those just created: a broker can answer "does
   * not host this topic-partition" for a moment after the controller created a topic.
   */
  private static Map<String, org.apache.kafka.clients.admin.TopicDescription> describeOnceVisible(
      Admin admin, Set<String> topics)
      throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause()
                instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(200); // metadata not yet on this broker
      }
    }
  }

  /**
   * What is wrong with the catalogue's topics that exist: partitions, cleanup policy or retention
   * other than the catalogue's, fewer replicas than {@code replicationFactor}, or another {@code
   * min.insync.replicas}. Missing topics are not problems here ({@link #missing}).
   *
   * @return one line per problem, naming the topic, what it has and what Sluice expects
   */
  public static List<String> conflicts(
      String bootstrapServers,
      Map<String, String> clientSettings,
      List<Topics.Spec> specs,
      Optional<Short> replicationFactor,
      Optional<Integer> minInsyncReplicas) {
    return withAdmin(
        bootstrapServers,
        clientSettings,
        "check topics",
        admin -> {
          Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
          List<Topics.Spec> present =
              specs.stream().filter(s -> existing.contains(s.name())).toList();
          if (present.isEmpty()) {
            return List.of();
          }
          Map<String, org.apache.kafka.clients.admin.TopicDescription> descriptions =
              admin
                  .describeTopics(present.stream().map(Topics.Spec::name).toList())
                  .allTopicNames()
                  .get(30, TimeUnit.SECONDS);
          Map<org.apache.kafka.common.config.ConfigResource, org.apache.kafka.clients.admin.Config>
              configs =
                  admin
                      .describeConfigs(
                          present.stream()
                              .map(
                                  s ->
                                      new org.apache.kafka.common.config.ConfigResource(
                                          org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
                                          s.name()))
                              .toList())
                      .all()
                      .get(30, TimeUnit.SECONDS);
          List<String> problems = new java.util.ArrayList<>();
          for (Topics.Spec spec : present) {
            var description = descriptions.get(spec.name());
            var config =
                configs.get(
                    new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, spec.name()));
            problems.addAll(
                TopicCheck.problems(
                    spec,
                    description.partitions().size(),
                    description.partitions().stream()
                        .mapToInt(p -> p.replicas().size())
                        .min()
                        .orElse(0),
                    name -> {
                      var entry = config.get(name);
                      return entry == null ? null : entry.value();
                    },
                    replicationFactor,
                    minInsyncReplicas));
          }
          return problems;
        });
  }

  /** The catalogue's topics that do not exist. */
  public static List<String> missing(
      String bootstrapServers, Map<String, String> clientSettings, List<Topics.Spec> specs) {
    return withAdmin(
        bootstrapServers,
        clientSettings,
        "list topics",
        admin -> {
          Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
          return specs.stream().map(Topics.Spec::name).filter(n -> !existing.contains(n)).toList();
        });
  }

  /** An admin call, with the broker's failures turned into messages naming the address. */
  private interface AdminCall<T> {
    T call(Admin admin) throws ExecutionException, TimeoutException, InterruptedException;
  }

  private static <T> T withAdmin(
      String bootstrapServers, Map<String, String> clientSettings, String what, AdminCall<T> call) {
    try (Admin admin = admin(bootstrapServers, clientSettings)) {
      return call.call(admin);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot " + what + " on " + bootstrapServers + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + bootstrapServers + " did not answer in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what, e);
    }
  }

  private static Admin admin(String bootstrapServers, Map<String, String> clientSettings) {
    Map<String, Object> config = new HashMap<>(clientSettings);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return Admin.create(config);
  }
}
