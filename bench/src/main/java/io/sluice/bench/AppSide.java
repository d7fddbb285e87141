package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.topology.SluiceTopology;
import io.sluice.streams.topology.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.TopologyDescription;

/**
 * The Sluice streams app as a load run runs it: {@code --instances} JVMs ({@link PipelineWorker})
 * sharing one fresh application id, each with its own state directory, the built-in rules (and
 * {@code --sigma-rules}' generated ones as its {@code rules.dir}), {@code exactly_once_v2} and the
 * run's schema registry ({@link BenchRegistry}: shared by the instances); {@code
 * detect.enabled=false} for the normalise-only side.
 */
final class AppSide implements AutoCloseable {
  /** Topics the app writes to that are Sluice's, not the application id's. */
  static final List<String> OUTPUT_TOPICS;

  static {
    List<String> out = new ArrayList<>();
    for (CanonicalClass c : CanonicalClass.values()) {
      out.add(c.topic());
    }
    out.add(Topics.DLQ);
    for (Rule.Area a : Rule.Area.values()) {
      out.add(a.topic());
    }
    out.add(Topics.OCSF_ALERTS);
    out.add(Topics.RISK_USERS);
    OUTPUT_TOPICS = List.copyOf(out);
  }

  final String appId;
  final boolean detect;
  private final Optional<Path> rulesDir;

  /** Where Sluice's output topics ended before this side: what it wrote comes after. */
  Map<TopicPartition, Long> outputsBefore;

  private final List<Worker> workers = new ArrayList<>();
  private final List<Path> stateDirs = new ArrayList<>();

  private AppSide(
      String appId,
      boolean detect,
      Optional<Path> rulesDir,
      Map<TopicPartition, Long> outputsBefore) {
    this.appId = appId;
    this.rulesDir = rulesDir;
    this.detect = detect;
    this.outputsBefore = outputsBefore;
  }

  /** The app's settings, as {@code ./sluice streams --set …} would give them. */
  static Map<String, String> flags(
      Cluster cluster, ClusterOptions options, String appId, boolean detect, Path stateDir) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(SluiceConfig.BOOTSTRAP_SERVERS, cluster.bootstrap());
    flags.put(SluiceConfig.APPLICATION_ID, appId);
    if (stateDir != null) {
      flags.put(SluiceConfig.STATE_DIR, stateDir.toString());
    }
    flags.put(SluiceConfig.SCHEMA_REGISTRY_URL, cluster.schemaRegistryUrl());
    flags.put(SluiceConfig.PROCESSING_GUARANTEE, "exactly_once_v2");
    flags.put(SluiceConfig.STREAM_THREADS, Integer.toString(options.threads));
    flags.put(SluiceConfig.TOPIC_PARTITIONS, Integer.toString(options.partitions));
    flags.put("detect.enabled", Boolean.toString(detect));
    options.rulesDirectory().ifPresent(dir -> flags.put(SluiceConfig.RULES_DIR, dir.toString()));
    cluster.kafkaSettings().forEach((k, v) -> flags.put(SluiceConfig.KAFKA_PREFIX + k, v));
    return flags;
  }

  static AppSide start(Cluster cluster, ClusterOptions options, String appId, boolean detect) {
    return start(cluster, options, appId, detect, false);
  }

  /**
   * @param warmup whether each instance first makes {@link Warmup} passes; then {@link #warmUp}
   *     must be called before measuring
   */
  static AppSide start(
      Cluster cluster, ClusterOptions options, String appId, boolean detect, boolean warmup) {
    AppSide side =
        new AppSide(
            appId, detect, options.rulesDirectory(), TopicScan.ends(cluster, OUTPUT_TOPICS));
    try {
      for (int i = 0; i < options.instances; i++) {
        Path stateDir = Files.createTempDirectory(appId + "-" + i + "-");
        side.stateDirs.add(stateDir);
        Map<String, String> flags = flags(cluster, options, appId, detect, stateDir);
        side.workers.add(
            warmup
                ? Worker.start(options, "streams", flags, "--warmup", "true")
                : Worker.start(options, "streams", flags));
      }
    } catch (IOException e) {
      side.close();
      throw new UncheckedIOException(e);
    }
    return side;
  }

  List<Worker> workers() {
    return workers;
  }

  /**
   * Makes the instances' warm-up passes until their JIT has settled (each pass consumes the input
   * and drains detection, and leaves the cluster as it was before it), then starts the measured
   * pass.
   */
  void warmUp(Cluster cluster, Map<TopicPartition, Long> inputEnds, Duration timeout, Duration max)
      throws Exception {
    warmUp(cluster, inputEnds, timeout, max, () -> {});
  }

  /**
   * As {@link #warmUp(Cluster, Map, Duration, Duration)}, running {@code beforeMeasured} after the
   * last pass's clean-up and before the measured pass starts (the latency bench empties the raw
   * topics there, so that the measured pass reads only what is appended after it).
   */
  void warmUp(
      Cluster cluster,
      Map<TopicPartition, Long> inputEnds,
      Duration timeout,
      Duration max,
      Warmup.Step beforeMeasured)
      throws Exception {
    Warmup.run(
        cluster,
        appId,
        inputEnds,
        id -> detect ? drainTopics(id) : Set.of(),
        workers,
        timeout,
        max,
        id -> cleanUp(cluster, id));
    beforeMeasured.run();
    outputsBefore = TopicScan.ends(cluster, OUTPUT_TOPICS);
    Warmup.start(workers);
  }

  /**
   * Topics the app reads besides the raw ones: the canonical topics detection reads and its
   * repartition topics (from the topology itself, so a new rule or key type is included).
   */
  Set<String> drainTopics() {
    return drainTopics(appId);
  }

  private Set<String> drainTopics(String id) {
    List<Rule> rules = new RuleLoader().load(rulesDir);
    SluiceConfig config =
        SluiceConfig.load(Optional.empty(), Map.of(), Map.of("detect.enabled", "" + detect));
    TopologyDescription description =
        SluiceTopology.build(
                FeedMappers.all(),
                rules,
                Map.of(SluiceConfig.SCHEMA_REGISTRY_URL, "mem://describe"),
                PipelineMetrics.inMemory(),
                config.topologyOptions())
            .describe();
    Set<String> raw = new TreeSet<>(io.sluice.sandbox.traffic.MixedTraffic.TOPICS);
    Set<String> topics = new TreeSet<>();
    for (TopologyDescription.Subtopology s : description.subtopologies()) {
      for (TopologyDescription.Node n : s.nodes()) {
        if (n instanceof TopologyDescription.Source source && source.topicSet() != null) {
          for (String t : source.topicSet()) {
            if (!raw.contains(t)) {
              topics.add(t.endsWith("-repartition") ? id + "-" + t : t);
            }
          }
        }
      }
    }
    return topics;
  }

  /** Every topic the app writes: Sluice's outputs and its own changelog and repartition topics. */
  List<String> writtenTopics(Cluster cluster) {
    List<String> topics = new ArrayList<>(OUTPUT_TOPICS);
    topics.addAll(cluster.internalTopics(appId));
    return topics;
  }

  /** Stops every instance (each commits and closes cleanly) and returns their results. */
  List<JsonNode> stop() throws Exception {
    List<JsonNode> results = new ArrayList<>();
    for (Worker w : workers) {
      results.add(w.stop());
    }
    return results;
  }

  /**
   * Leaves the cluster as before the side: Sluice's output topics emptied (the next app of the run
   * must not read them; {@code risk.users} is compacted, which forbids that, and no app reads it),
   * the app's internal topics and group deleted.
   */
  void cleanUp(Cluster cluster) throws Exception {
    cleanUp(cluster, appId);
  }

  private static void cleanUp(Cluster cluster, String id) throws Exception {
    cluster.truncate(OUTPUT_TOPICS.stream().filter(t -> !t.equals(Topics.RISK_USERS)).toList());
    cluster.deleteTopics(cluster.internalTopics(id));
    cluster.deleteGroupIfEmpty(id);
  }

  @Override
  public void close() {
    workers.forEach(Worker::close);
    for (Path dir : stateDirs) {
      try {
        Utils.delete(dir.toFile());
      } catch (IOException e) {
        System.err.println("sluice bench: could not delete " + dir + ": " + e.getMessage());
      }
    }
  }
}
