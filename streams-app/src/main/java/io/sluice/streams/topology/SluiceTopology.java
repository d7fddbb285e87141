package io.sluice.streams.topology;

import io.sluice.schemas.Alert;
import io.sluice.schemas.UserRisk;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.canonical.CanonicalTimeExtractor;
import io.sluice.streams.detect.DetectionTopology;
import io.sluice.streams.detect.LiveRules;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleBook;
import io.sluice.streams.detect.RuleSet;
import io.sluice.streams.detect.RulesTopic;
import io.sluice.streams.detect.SigmaEvent;
import io.sluice.streams.enrich.VipEnricher;
import io.sluice.streams.enrich.VipStore;
import io.sluice.streams.enrich.identity.IdentityEnricher;
import io.sluice.streams.enrich.identity.IdentityStore;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.EventIdDedup;
import io.sluice.streams.normalize.FeedDescriptor;
import io.sluice.streams.normalize.FeedMapper;
import io.sluice.streams.normalize.NormalizeProcessor;
import io.sluice.streams.normalize.Normalized;
import io.sluice.streams.sigma.SigmaFeed;
import io.sluice.streams.views.ViewsTopology;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole Sluice topology as a pure function of its inputs: production ({@code KafkaStreams}),
 * {@code ./sluice replay} and the tests all build exactly this.
 *
 * <ol>
 *   <li>normalise: every raw feed, in one sub-topology → its mapper → clock check and dedup →
 *       identity resolution → VIP enrichment → its canonical class topics, or {@code sluice.dlq};
 *   <li>detect: one processor per key type (user, source IP, URL, file hash, …) runs the rules of
 *       that key type as data and writes {@code alerts.<area>} and {@code alerts.ocsf-json}; the
 *       user processor also keeps user risk over 30 days, written to {@code risk.users} and
 *       queryable in its store;
 *   <li>views: the canonical classes and the alerts folded into bounded aggregates for the focused
 *       views (docs/views.md), in two stores and nothing written but their changelogs.
 * </ol>
 */
public final class SluiceTopology {
  /**
   * Where a source starts when its group has no committed offset: the beginning, on the source
   * itself. The consumer-level {@code auto.offset.reset=earliest} was not enough: after a SIGKILL,
   * Kafka Streams 4.4 reset the partitions of corrupted tasks that had no committed offset yet to
   * their end, skipping every record in them (ExactlyOnceCrashIT).
   */
  private static final AutoOffsetReset FROM_THE_START = AutoOffsetReset.earliest();

  private SluiceTopology() {}

  /** The topology with default options (24 h dedup window). */
  public static Topology build(
      List<FeedMapper> feeds,
      List<Rule> rules,
      Map<String, ?> serdeConfig,
      PipelineMetrics metrics) {
    return build(feeds, rules, serdeConfig, metrics, TopologyOptions.defaults());
  }

  /**
   * The topology with rules fixed at start-up.
   *
   * @param serdeConfig schema-registry settings for the Avro serdes
   */
  public static Topology build(
      List<FeedMapper> feeds,
      List<Rule> rules,
      Map<String, ?> serdeConfig,
      PipelineMetrics metrics,
      TopologyOptions options) {
    return build(feeds, RuleBook.of(new RuleSet(rules)), serdeConfig, metrics, options);
  }

  /**
   * @param rules fixed ({@link RuleBook#of}) or live ({@link LiveRules}: then the topology also
   *     reads {@code sluice.rules} into it)
   */
  public static Topology build(
      List<FeedMapper> feeds,
      RuleBook rules,
      Map<String, ?> serdeConfig,
      PipelineMetrics metrics,
      TopologyOptions options) {
    StreamsBuilder builder = new StreamsBuilder();
    VipStore.register(builder);
    if (rules instanceof LiveRules live) {
      RulesTopic.register(builder, live);
    }
    IdentityStore.addTo(builder, Topics.IDENTITIES);
    Map<CanonicalClass, Serde<SpecificRecord>> canonicalSerdes =
        new EnumMap<>(CanonicalClass.class);
    for (CanonicalClass c : CanonicalClass.values()) {
      canonicalSerdes.put(c, canonicalSerde(c, serdeConfig));
    }
    // Every feed a Sigma logsource names gets its Sigma path, whether or not a rule reads it yet:
    // the first Sigma rule for a feed can then be pushed to sluice.rules without a restart, and
    // the topology (so the task ids) does not change when rules do. A feed no rule reads costs a
    // lookup per event and an idle repartition topic.
    Map<SigmaFeed, KStream<byte[], SigmaEvent>> sigmaEvents = new EnumMap<>(SigmaFeed.class);
    // no feeds: detection alone, over canonical topics written elsewhere (rule tests)
    KStream<byte[], Normalized> normalized =
        feeds.isEmpty() ? null : addNormalizer(builder, feeds, canonicalSerdes, metrics, options);
    if (normalized != null && options.detect()) {
      for (FeedMapper feed : feeds) {
        SigmaFeed.bySource(feed.descriptor().source())
            .ifPresent(f -> sigmaEvents.put(f, sigmaEvents(normalized, feed.descriptor())));
      }
    }
    if (!options.detect()) {
      return builder.build(); // detect.enabled=false: normalisation alone
    }
    // one source per canonical topic, created on first use and shared by detection and risk: a
    // topic may be consumed only once per StreamsBuilder
    Map<CanonicalClass, KStream<String, SpecificRecord>> canonicalStreams =
        new EnumMap<>(CanonicalClass.class);
    Function<CanonicalClass, KStream<String, SpecificRecord>> canonicalStream =
        c ->
            canonicalStreams.computeIfAbsent(
                c,
                k ->
                    builder.stream(
                        k.topic(),
                        Consumed.with(Serdes.String(), canonicalSerdes.get(k))
                            .withName("canonical-" + k.ruleName() + "-source")
                            .withTimestampExtractor(new CanonicalTimeExtractor())
                            .withOffsetResetPolicy(FROM_THE_START)));
    DetectionTopology.add(
        builder,
        rules,
        canonicalStream,
        sigmaEvents,
        AvroSerdes.specific(Alert.class, serdeConfig, false),
        AvroSerdes.specific(UserRisk.class, serdeConfig, false),
        Topics.RISK_USERS,
        options.horizon(),
        metrics);
    ViewsTopology.add(
        builder, canonicalStream, AvroSerdes.specific(Alert.class, serdeConfig, false));
    return builder.build();
  }

  /** A feed's canonical records with the raw JSON they came from, for its Sigma rules. */
  private static KStream<byte[], SigmaEvent> sigmaEvents(
      KStream<byte[], Normalized> normalized, FeedDescriptor d) {
    String name = "normalize-" + d.source() + "-sigma";
    String source = d.source();
    return normalized
        .filter(
            (key, value) -> !value.isDeadLetter() && value.source().equals(source),
            Named.as(name + "-mapped"))
        .mapValues(
            (key, value) ->
                new SigmaEvent(
                    key == null ? null : new String(key, StandardCharsets.UTF_8),
                    value.canonicalClass(),
                    value.value(),
                    value.raw()),
            Named.as(name + "-event"));
  }

  /**
   * One normaliser over every raw topic: one sub-topology, so a task holds partition {@code p} of
   * every raw topic, one dedup store and its one changelog partition (each feed's slots under its
   * own prefix, its clock its own). Nine sub-topologies of their own cost nine times the tasks, the
   * stores and the changelog partitions a commit's transaction touches (docs/design.md,
   * normalisation).
   */
  private static KStream<byte[], Normalized> addNormalizer(
      StreamsBuilder builder,
      List<FeedMapper> feeds,
      Map<CanonicalClass, Serde<SpecificRecord>> canonicalSerdes,
      PipelineMetrics metrics,
      TopologyOptions options) {
    String name = "normalize";
    String dedupStore = options.dedupWindow().isZero() ? null : NormalizeProcessor.DEDUP_STORE;
    if (dedupStore != null) {
      builder.addStateStore(
          Stores.keyValueStoreBuilder(
                  Stores.persistentKeyValueStore(dedupStore),
                  EventIdDedup.keySerde(),
                  EventIdDedup.fingerprintsSerde())
              .withCachingEnabled());
    }
    String[] stores = dedupStore == null ? new String[0] : new String[] {dedupStore};
    List<String> rawTopics = feeds.stream().map(f -> f.descriptor().rawTopic()).toList();
    KStream<byte[], Normalized> normalized =
        builder.stream(
                rawTopics,
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                    .withName(name + "-source")
                    .withOffsetResetPolicy(FROM_THE_START))
            .process(
                () ->
                    new NormalizeProcessor(
                        feeds, metrics, dedupStore, options.dedupWindow(), options.maxFuture()),
                Named.as(name),
                stores)
            .process(
                () -> new IdentityEnricher(options.identityDefaultDomain()),
                Named.as(name + "-identity"))
            .processValues(VipEnricher::new, Named.as(name + "-vip"));
    BranchedKStream<byte[], Normalized> routes = normalized.split(Named.as(name + "-route-"));
    SortedSet<CanonicalClass> outputs = new TreeSet<>();
    feeds.forEach(f -> outputs.addAll(f.outputs()));
    for (CanonicalClass c : outputs) {
      routes.branch(
          (key, value) -> value.canonicalClass() == c,
          Branched.withConsumer(
              branch ->
                  branch
                      .mapValues(Normalized::value, Named.as(name + "-" + c.ruleName() + "-value"))
                      .to(
                          c.topic(),
                          Produced.with(Serdes.ByteArray(), canonicalSerdes.get(c))
                              .withName(name + "-to-" + c.topic())),
              c.ruleName()));
    }
    routes.branch(
        (key, value) -> value.isDeadLetter(),
        Branched.withConsumer(
            branch ->
                branch
                    .mapValues(Normalized::rawValue, Named.as(name + "-dlq-value"))
                    .to(
                        Topics.DLQ,
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                            .withName(name + "-to-" + Topics.DLQ)),
            "dlq"));
    routes.noDefaultBranch();
    return normalized;
  }

  @SuppressWarnings("unchecked")
  private static Serde<SpecificRecord> canonicalSerde(
      CanonicalClass c, Map<String, ?> serdeConfig) {
    return (Serde<SpecificRecord>) AvroSerdes.specific(c.type(), serdeConfig, false);
  }
}
