package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.schemas.Alert;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.cli.StreamsCli;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.CompiledRule;
import io.sluice.streams.detect.RulesTopic;
import io.sluice.streams.detect.UserState;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.testing.SigmaTexts;
import io.sluice.streams.testing.StandardOut;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules changed while two instances of one application run, through {@code sluice.rules} and the
 * CLI, on a real broker: a pushed rule fires on both instances' partitions, a changed threshold
 * applies without a restart while another rule's count in progress carries on, a deleted rule
 * stops, and an invalid entry is rejected on {@code sluice.rules.status} while the rest fires.
 *
 * <p>Its own broker: the in-memory registry's ids must never reach topics other ITs read. Each
 * side's events go to one raw partition, so that per user they reach the rules in the order sent;
 * the built-in burst rule (10 failures) then marks that every earlier event of that user was
 * judged, which is how "no alert" is asserted without waiting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveRulesHotReloadIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WITHIN_SECONDS = Duration.ofSeconds(30);
  private static final String FAST = "ops.fast-failures";
  private static final String SLOW = "ops.slow-failures";
  private static final String BURST = "auth.failed-login-burst";

  private static final String RULE =
      """
      rules:
        - id: ID
          name: Failed logons (hot reload IT)
          type: threshold
          input: authentication
          area: authentication
          severity: low
          where: {status: FAILURE, activity: LOGON}
          group_by: [user.name]
          threshold: THRESHOLD
          window: 30m
          suppress: 30m
      """;

  private final String registry = "mem://hot-reload-it-" + UUID.randomUUID();
  private final List<Alert> alerts = new ArrayList<>();
  private EmbeddedKafka kafka;
  private StreamsApp a;
  private StreamsApp b;
  private KafkaStreams streamsOfA;
  private KafkaConsumer<String, Alert> alertConsumer;
  private KafkaProducer<byte[], byte[]> producer;
  private Path files;
  private Instant clock;
  private int users;

  /** Which raw partition carries the events of the users each instance owns. */
  private record Side(StreamsApp app, int rawPartition) {}

  private Side sideA;
  private Side sideB;

  @BeforeAll
  void startTwoInstances(@TempDir Path dir) throws Exception {
    kafka = EmbeddedKafka.start();
    files = Files.createDirectories(dir.resolve("files"));
    a = StreamsApp.startServingLiveRules(config(dir.resolve("a")), meters());
    b = StreamsApp.startServingLiveRules(config(dir.resolve("b")), meters());
    await("both instances running, each the active owner of partitions")
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                a.isRunning()
                    && b.isRunning()
                    && a.streams().metadataForAllStreamsClients().stream()
                            .filter(m -> !m.topicPartitions().isEmpty())
                            .count()
                        == 2);
    streamsOfA = a.streams();
    sideA = new Side(a, 0);
    sideB = new Side(b, 1);
    producer = new KafkaProducer<>(kafka.producerConfig());
    Map<String, Object> props = new HashMap<>(kafka.consumerConfig("hot-reload-alerts"));
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    alertConsumer =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            AvroSerdes.specific(Alert.class, Map.of("schema.registry.url", registry), false)
                .deserializer());
    alertConsumer.subscribe(List.of("alerts.authentication", "alerts.sigma"));
    // event time two hours back, so no event is ahead of the fetch time however many are sent
    clock = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {alertConsumer, producer, b, a, kafka}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private SluiceConfig config(Path state) {
    return SluiceConfig.load(
        Optional.empty(),
        Map.of(),
        Map.of(
            SluiceConfig.BOOTSTRAP_SERVERS,
            kafka.bootstrapServers(),
            SluiceConfig.SCHEMA_REGISTRY_URL,
            registry,
            SluiceConfig.APPLICATION_ID,
            "sluice-hot-reload-it",
            SluiceConfig.STATE_DIR,
            state.toString(),
            SluiceConfig.TOPIC_PARTITIONS,
            "2",
            SluiceConfig.HTTP_PORT,
            "0",
            SluiceConfig.HTTP_HOST,
            "127.0.0.1",
            "kafka.commit.interval.ms",
            "200"));
  }

  private static PrometheusMeterRegistry meters() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  // --- the CLI, as an operator runs it ---

  private record Run(int exitCode, String out, String err) {}

  private Run sluice(String... args) {
    StringWriter err = new StringWriter();
    var cli = StreamsCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers()));
    StandardOut.Captured out = StandardOut.capture(() -> cli.execute(all.toArray(String[]::new)));
    return new Run(out.exitCode(), out.text(), err.toString());
  }

  private void push(String entry, String id, int threshold) throws Exception {
    Path file = files.resolve(entry + ".yaml");
    Files.writeString(
        file, RULE.replace("ID", id).replace("THRESHOLD", Integer.toString(threshold)));
    Run run = sluice("rules", "push", file.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
  }

  private static Optional<Integer> threshold(StreamsApp app, String rule) {
    return app.rules().all().stream()
        .filter(r -> r.id().equals(rule))
        .map(CompiledRule::rule)
        .map(r -> r.threshold())
        .findFirst();
  }

  private void awaitOnBoth(String what, String rule, Optional<Integer> threshold) {
    await(what + " on both instances")
        .atMost(WITHIN_SECONDS)
        .untilAsserted(
            () -> {
              assertThat(threshold(a, rule)).isEqualTo(threshold);
              assertThat(threshold(b, rule)).isEqualTo(threshold);
            });
  }

  // --- traffic ---

  /** A fresh user whose records the given instance's detection owns. */
  private String userOf(Side side) {
    HostInfo host = new HostInfo("127.0.0.1", side.app().httpPort());
    while (true) {
      String user = "user" + users++ + ".hot-reload@corp.example";
      if (streamsOfA
          .queryMetadataForKey(UserState.STORE, user, Serdes.String().serializer())
          .activeHost()
          .equals(host)) {
        return user;
      }
    }
  }

  /** {@code n} failed logons of the user, 10 s apart, on its side's raw partition, in order. */
  private void failures(Side side, String user, int n) {
    for (int i = 0; i < n; i++) {
      clock = clock.plusSeconds(10);
      byte[] event =
          OktaEvents.failedLogin(user, clock).toString().getBytes(StandardCharsets.UTF_8);
      producer.send(
          new ProducerRecord<>(
              "raw.okta.system-log",
              side.rawPartition(),
              (user + i).getBytes(StandardCharsets.UTF_8),
              event));
    }
    producer.flush();
  }

  private List<Alert> alertsFor(String user) {
    for (ConsumerRecord<String, Alert> r : alertConsumer.poll(Duration.ofMillis(200))) {
      alerts.add(r.value());
    }
    return alerts.stream().filter(x -> x.getEntity().getValue().equals(user)).toList();
  }

  private static Set<String> rulesOf(List<Alert> alerts) {
    return alerts.stream().map(x -> x.getRule().getId()).collect(Collectors.toSet());
  }

  private List<Alert> awaitAlerts(String user, String... rules) {
    return await("alerts " + List.of(rules) + " for " + user)
        .atMost(WITHIN_SECONDS)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> alertsFor(user), seen -> rulesOf(seen).containsAll(List.of(rules)));
  }

  private static Alert of(List<Alert> alerts, String rule) {
    return alerts.stream().filter(x -> x.getRule().getId().equals(rule)).findFirst().orElseThrow();
  }

  // --- the story, in order ---

  private String slowAtA;
  private String slowAtB;

  @Test
  @Order(1)
  void shouldFireAPushedRuleWithinSecondsOnThePartitionsOfBothInstances() throws Exception {
    push("fast", FAST, 3);
    push("slow", SLOW, 4);
    awaitOnBoth("the pushed rule", FAST, Optional.of(3));
    awaitOnBoth("the pushed rule", SLOW, Optional.of(4));

    for (Side side : List.of(sideA, sideB)) {
      // two failures toward the slow rule, judged before the next user's (same partition, in order)
      String slow = userOf(side);
      failures(side, slow, 2);
      String user = userOf(side);
      failures(side, user, 3);

      assertThat(of(awaitAlerts(user, FAST), FAST).getEventCount()).isEqualTo(3);
      if (side == sideA) {
        slowAtA = slow;
      } else {
        slowAtB = slow;
      }
    }
  }

  @Test
  @Order(2)
  void shouldApplyAChangedThresholdWithoutARestartKeepingTheOtherRulesCount() throws Exception {
    push("fast", FAST, 5);
    awaitOnBoth("the new threshold", FAST, Optional.of(5));
    assertThat(a.streams()).isSameAs(streamsOfA);

    for (Side side : List.of(sideA, sideB)) {
      String user = userOf(side);
      failures(side, user, 10);
      // fires at the fifth failure, not the third
      assertThat(of(awaitAlerts(user, FAST, BURST), FAST).getEventCount()).isEqualTo(5);
    }
    // the slow rule's two failures from before the change count: two more complete its four
    for (String slow : List.of(slowAtA, slowAtB)) {
      failures(slow.equals(slowAtA) ? sideA : sideB, slow, 2);
      assertThat(of(awaitAlerts(slow, SLOW), SLOW).getEventCount()).isEqualTo(4);
    }
  }

  @Test
  @Order(3)
  void shouldStopADeletedRule() {
    Run run = sluice("rules", "delete", "fast");
    assertThat(run.exitCode()).as(run.err()).isZero();
    awaitOnBoth("the deleted rule gone", FAST, Optional.empty());

    for (Side side : List.of(sideA, sideB)) {
      String user = userOf(side);
      failures(side, user, 10);
      // the burst alert comes after every earlier failure of the user was judged
      assertThat(rulesOf(awaitAlerts(user, BURST, SLOW))).doesNotContain(FAST);
    }
  }

  @Test
  @Order(4)
  void shouldRejectAnInvalidEntryOnTheStatusTopicWhileTheOthersKeepFiring() throws Exception {
    Path bad = files.resolve("bad.yaml");
    Files.writeString(bad, RULE.replace("ID", "ops.bad").replace("THRESHOLD", "0"));
    Run refused = sluice("rules", "push", bad.toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err())
        .contains("sluice.rules[bad]")
        .contains("ops.bad")
        .contains("threshold");

    // what kafka-console-producer would write, past the CLI's check
    try (KafkaProducer<String, String> raw =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            Serdes.String().serializer(),
            Serdes.String().serializer())) {
      raw.send(new ProducerRecord<>(RulesTopic.TOPIC, "bad", Files.readString(bad))).get();
    }

    await("both instances reject the entry on " + RulesTopic.STATUS_TOPIC)
        .atMost(WITHIN_SECONDS)
        .untilAsserted(
            () -> {
              List<JsonNode> outcomes = statusOf("bad");
              assertThat(outcomes)
                  .extracting(o -> o.path("instance").asText())
                  .containsOnly(instance(a), instance(b))
                  .contains(instance(a), instance(b));
              assertThat(outcomes)
                  .allSatisfy(
                      o -> {
                        assertThat(o.path("status").asText()).isEqualTo("REJECTED");
                        assertThat(o.path("error").asText())
                            .contains("sluice.rules[bad]")
                            .contains("ops.bad")
                            .contains("threshold");
                      });
            });
    assertThat(threshold(a, "ops.bad")).isEmpty();
    assertThat(threshold(b, "ops.bad")).isEmpty();

    for (Side side : List.of(sideA, sideB)) {
      String user = userOf(side);
      failures(side, user, 4);
      assertThat(of(awaitAlerts(user, SLOW), SLOW).getEventCount()).isEqualTo(4);
    }

    Run listed = sluice("rules", "list", "--live");
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    assertThat(listed.out())
        .containsPattern("slow +ACTIVE +\\[\"" + SLOW + "\"\\]")
        .containsPattern("bad +REJECTED")
        .contains("threshold");
  }

  @Test
  @Order(5)
  void shouldStopADisabledBuiltInRuleUntilEnabled() {
    Run disabled = sluice("rules", "disable", BURST);
    assertThat(disabled.exitCode()).as(disabled.err()).isZero();
    awaitOnBoth("the disabled rule gone", BURST, Optional.empty());

    String quiet = userOf(sideA);
    failures(sideA, quiet, 10);
    // the slow rule fires at the fourth; then enabling the burst rule again, a later user's
    // ten failures fire it, after which the quiet user's burst would have been seen
    awaitAlerts(quiet, SLOW);

    Run enabled = sluice("rules", "enable", BURST);
    assertThat(enabled.exitCode()).as(enabled.err()).isZero();
    awaitOnBoth("the enabled rule back", BURST, Optional.of(10));
    String loud = userOf(sideA);
    failures(sideA, loud, 10);
    awaitAlerts(loud, BURST, SLOW);
    assertThat(rulesOf(alertsFor(quiet))).containsExactly(SLOW);
  }

  @Test
  @Order(6)
  void shouldRunASigmaCorrelationPushedWhileRunningOnBothInstances() throws Exception {
    String id = "5f1e0c2a-0000-4000-8000-00000000f103";
    Path file = files.resolve("okta-sigma.yaml");
    Files.writeString(file, SigmaTexts.failedOktaLogins(id, 3));
    Run run = sluice("rules", "push", file.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    // the topology had no Sigma rule at start: every feed's Sigma path is there all the same
    awaitOnBoth("the pushed Sigma correlation", id, Optional.of(3));
    assertThat(a.streams()).isSameAs(streamsOfA);

    for (Side side : List.of(sideA, sideB)) {
      String user = userOf(side);
      failures(side, user, 3);
      assertThat(of(awaitAlerts(user, id), id).getEventCount()).isEqualTo(3);
    }
  }

  private static String instance(StreamsApp app) {
    return "127.0.0.1:" + app.httpPort();
  }

  /** Every outcome written for an entry, by every instance (the topic is read from the start). */
  private List<JsonNode> statusOf(String entry) throws Exception {
    List<JsonNode> outcomes = new ArrayList<>();
    Map<String, Object> props = new HashMap<>(kafka.consumerConfig("status-" + UUID.randomUUID()));
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      var partitions =
          consumer.partitionsFor(RulesTopic.STATUS_TOPIC).stream()
              .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          if (entry.equals(r.key()) && r.value() != null) {
            outcomes.add(JSON.readTree(r.value()));
          }
        }
      }
    }
    return outcomes;
  }
}
