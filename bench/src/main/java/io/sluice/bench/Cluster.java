package io.sluice.bench;

import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.streams.app.TopicAdmin;
import io.sluice.streams.topology.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine;

/**
 * The Kafka a load run uses, and its schema registry ({@link BenchRegistry}): by default a fresh
 * in-process broker ({@link EmbeddedKafka}, KRaft, one node); with {@code --bootstrap-servers}, the
 * user's cluster. There Sluice's topics have fixed names, so the bench cannot use a private set of
 * them: it refuses to start unless {@code --delete-sluice-topics} acknowledges that it deletes them
 * (and its own {@code sluice-bench-*} topics) before it loads its traffic and again at the end. It
 * never reads what was there.
 */
final class Cluster implements AutoCloseable {
  /** Prefix of every application id, consumer group and topic the bench itself names. */
  static final String PREFIX = "sluice-bench-";

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final EmbeddedKafka embedded;
  private final String bootstrap;
  private final Map<String, String> kafka;
  private final Admin admin;
  private final BenchRegistry registry;

  private Cluster(
      EmbeddedKafka embedded, String bootstrap, Map<String, String> kafka, BenchRegistry registry) {
    this.embedded = embedded;
    this.registry = registry;
    this.bootstrap = bootstrap;
    this.kafka = Map.copyOf(kafka);
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    this.admin = Admin.create(config);
  }

  /**
   * Checks the options, starts the run's schema registry ({@link BenchRegistry}), then the broker
   * or, on the user's cluster, deletes the bench's topics; closing the cluster stops both.
   */
  static Cluster open(ClusterOptions options, CommandLine cli) {
    BenchRegistry.Source source;
    try {
      source = BenchRegistry.choose(options.instances, options.schemaRegistryUrl);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cli, e.getMessage());
    }
    if (options.bootstrapServers != null && !options.deleteSluiceTopics) {
      throw new CommandLine.ParameterException(
          cli,
          "--bootstrap-servers "
              + options.bootstrapServers
              + ": the bench deletes and recreates Sluice's topics there (raw.*, canonical.*,"
              + " alerts.*, sluice.dlq, risk.users, reference.vip-users, …). Point it at a cluster"
              + " that runs no Sluice you care about and add --delete-sluice-topics.");
    }
    BenchRegistry registry = BenchRegistry.open(source, options.schemaRegistryUrl);
    try {
      if (options.bootstrapServers == null) {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        return new Cluster(kafka, kafka.bootstrapServers(), options.kafka, registry);
      }
      Cluster cluster = new Cluster(null, options.bootstrapServers, options.kafka, registry);
      cluster.deleteBenchTopics();
      return cluster;
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  boolean inProcess() {
    return embedded != null;
  }

  String bootstrap() {
    return bootstrap;
  }

  /** The {@code schema.registry.url} every app instance of the run uses. */
  String schemaRegistryUrl() {
    return registry.url();
  }

  /** The {@code --kafka} settings, for every client. */
  Map<String, String> kafkaSettings() {
    return kafka;
  }

  /** Bootstrap servers plus the {@code --kafka} settings. */
  Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>(kafka);
    config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return config;
  }

  Admin admin() {
    return admin;
  }

  /** Creates Sluice's topics, as {@code ./sluice topics} would, with {@code partitions}. */
  void createSluiceTopics(int partitions) {
    TopicAdmin.createMissing(bootstrap, kafka, Topics.all(partitions));
  }

  void createTopics(int partitions, Collection<String> names) {
    try {
      admin
          .createTopics(
              names.stream()
                  .map(
                      n ->
                          new org.apache.kafka.clients.admin.NewTopic(
                              n, java.util.Optional.of(partitions), java.util.Optional.empty()))
                  .toList())
          .all()
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not create " + names + ": " + e.getMessage(), e);
    }
  }

  Set<String> topics() {
    try {
      return admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not list topics: " + e.getMessage(), e);
    }
  }

  /**
   * Removes every record of {@code topics} (log start = end), so that the next app of the same run
   * starts from nothing on them: an app reads its canonical topics from the earliest offset, and
   * with one instance, another worker's records carry schema ids only that worker's in-memory
   * registry knew.
   */
  void truncate(Collection<String> topics) {
    try {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(topics)
          .allTopicNames()
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
          .forEach(
              (name, d) ->
                  d.partitions()
                      .forEach(
                          p ->
                              latest.put(
                                  new TopicPartition(name, p.partition()), OffsetSpec.latest())));
      Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
          .forEach((tp, o) -> delete.put(tp, RecordsToDelete.beforeOffset(o.offset())));
      admin.deleteRecords(delete).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not truncate " + topics + ": " + e.getMessage(), e);
    }
  }

  /** Deletes topics and waits until the cluster no longer lists them. */
  void deleteTopics(Collection<String> names) {
    if (names.isEmpty()) {
      return;
    }
    try {
      admin.deleteTopics(names).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
        throw new IllegalStateException("could not delete " + names + ": " + e.getMessage(), e);
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not delete " + names + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (topics().stream().anyMatch(names::contains)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("topics still listed after deletion: " + names);
      }
      sleep(200);
    }
  }

  /** Every topic of Sluice's catalogue and every topic the bench or its apps created. */
  void deleteBenchTopics() {
    Set<String> catalogue =
        Topics.all(1).stream().map(Topics.Spec::name).collect(Collectors.toSet());
    deleteTopics(
        topics().stream().filter(t -> catalogue.contains(t) || t.startsWith(PREFIX)).toList());
  }

  /**
   * Deletes a side's consumer group where the broker allows it. Kafka Streams closes without
   * leaving its group, which then stays until its session times out; such a group is left behind
   * (its name starts with {@link #PREFIX} and no later run reuses it).
   */
  void deleteGroupIfEmpty(String group) {
    try {
      admin.deleteConsumerGroups(List.of(group)).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupNotEmptyException)) {
        throw new IllegalStateException("could not delete group " + group, e);
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not delete group " + group, e);
    }
  }

  /** Internal topics of one application id (changelogs, repartition topics). */
  List<String> internalTopics(String applicationId) {
    return topics().stream().filter(t -> t.startsWith(applicationId + "-")).sorted().toList();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    try {
      if (embedded == null) {
        deleteBenchTopics();
      }
    } finally {
      admin.close(Duration.ofSeconds(10));
      try {
        if (embedded != null) {
          embedded.close();
        }
      } finally {
        registry.close();
      }
    }
  }
}
