package io.sluice.streams.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.schemas.Alert;
import io.sluice.schemas.UserRisk;
import io.sluice.schemas.serde.SchemaRegistryClient;
import io.sluice.schemas.serde.SchemaRegistryClients;
import io.sluice.streams.app.StreamsApp;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.detect.UserState;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.topology.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The risk API with two streams-app instances sharing the work (same application id, own HTTP ports
 * and state directories) on the real broker and registry: raw Okta failed logins in, the risk of
 * users owned by either instance read through either instance.
 */
@ExtendWith(SandboxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RiskApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** User → failed logins sent; fewer than 10, so no burst alert adds to the score. */
  private static final Map<String, Integer> FAILURES = new LinkedHashMap<>();

  static {
    String[] names = {"ada", "ben", "cy", "dee", "eli", "fay", "gus", "hal"};
    for (int i = 0; i < names.length; i++) {
      FAILURES.put(names[i] + ".risk-it@corp.example", i + 1);
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private StreamsApp a;
  private StreamsApp b;

  @BeforeAll
  void startTwoInstances(EmbeddedKafka kafka, ApicurioRegistry registry, @TempDir Path state)
      throws Exception {
    registerSchemas(registry);
    a = StreamsApp.startServing(config(kafka, registry, state.resolve("a")), rules(), meters());
    b = StreamsApp.startServing(config(kafka, registry, state.resolve("b")), rules(), meters());
    // running, and each the active owner of some partitions: a new instance without state may
    // first get only warm-up tasks while the other stays active for everything
    await("both instances running, each owning partitions")
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                a.isRunning()
                    && b.isRunning()
                    && a.streams().metadataForAllStreamsClients().stream()
                            .filter(m -> !m.topicPartitions().isEmpty())
                            .count()
                        == 2);

    // event time now, so these are the newest records whatever other ITs left on the shared topic
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(30));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
      FAILURES.forEach(
          (user, count) -> {
            for (int i = 0; i < count; i++) {
              String event =
                  OktaEvents.failedLogin(user, start.plus(Duration.ofSeconds(20L * i))).toString();
              producer.send(
                  new ProducerRecord<>(
                      "raw.okta.system-log",
                      (user + i).getBytes(StandardCharsets.UTF_8),
                      event.getBytes(StandardCharsets.UTF_8)));
            }
          });
      producer.flush();
    }
    await("the risk of every user, merged at A")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(failuresSeenAt(a)).containsAllEntriesOf(expected()));
  }

  @AfterAll
  void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  /**
   * Two instances that serialise their first record of a type at the same moment race to register
   * its schema, and Apicurio answers the loser 409 ("artifact already exists") instead of the id;
   * the record then fails to serialise. Registering up front keeps this test about routing; the
   * race itself is an open issue of the serde (retry a 409 with a lookup).
   */
  private static void registerSchemas(ApicurioRegistry registry) {
    SchemaRegistryClient client = SchemaRegistryClients.forUrl(registry.url(), Map.of());
    for (CanonicalClass c : CanonicalClass.values()) {
      client.register(c.topic() + "-value", c.schema());
    }
    for (Rule.Area area : Rule.Area.values()) {
      client.register(area.topic() + "-value", Alert.getClassSchema());
    }
    client.register(Topics.RISK_USERS + "-value", UserRisk.getClassSchema());
  }

  private static SluiceConfig config(EmbeddedKafka kafka, ApicurioRegistry registry, Path state) {
    return SluiceConfig.load(
        Optional.empty(),
        Map.of(),
        Map.of(
            SluiceConfig.BOOTSTRAP_SERVERS,
            kafka.bootstrapServers(),
            SluiceConfig.SCHEMA_REGISTRY_URL,
            registry.url(),
            SluiceConfig.APPLICATION_ID,
            "sluice-risk-it",
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

  private static List<io.sluice.streams.detect.Rule> rules() {
    return new RuleLoader().load(Optional.empty());
  }

  private static PrometheusMeterRegistry meters() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  private static Map<String, Long> expected() {
    Map<String, Long> expected = new LinkedHashMap<>();
    FAILURES.forEach((user, count) -> expected.put(user, count.longValue()));
    return expected;
  }

  private record Answer(int status, JsonNode body, Optional<String> retryAfter) {}

  private Answer get(StreamsApp app, String pathAndQuery) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Answer(
        response.statusCode(),
        JSON.readTree(response.body()),
        response.headers().firstValue("Retry-After"));
  }

  private Map<String, Long> failuresSeenAt(StreamsApp app) throws Exception {
    Answer answer = get(app, "/api/users/risk?top=1000");
    Map<String, Long> seen = new LinkedHashMap<>();
    if (answer.status() == 200) {
      answer
          .body()
          .get("users")
          .forEach(u -> seen.put(u.get("user").asText(), u.get("failed_logins").asLong()));
    }
    return seen;
  }

  private HostInfo owner(String user) {
    return a.streams()
        .queryMetadataForKey(UserState.STORE, user, Serdes.String().serializer())
        .activeHost();
  }

  private static HostInfo host(StreamsApp app) {
    return new HostInfo("127.0.0.1", app.httpPort());
  }

  private String ownedBy(StreamsApp app) {
    return FAILURES.keySet().stream()
        .filter(user -> owner(user).equals(host(app)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no test user owned by " + host(app)));
  }

  @Test
  void shouldMergeTheTopUsersOfBothInstances() throws Exception {
    assertThat(a.streams().streamsMetadataForStore(UserState.STORE))
        .extracting(m -> m.hostInfo())
        .containsExactlyInAnyOrder(host(a), host(b));
    // the merge is only exercised if each instance holds some of the users
    assertThat(FAILURES.keySet()).anyMatch(u -> owner(u).equals(host(a)));
    assertThat(FAILURES.keySet()).anyMatch(u -> owner(u).equals(host(b)));

    Answer all = get(a, "/api/users/risk?top=1000");
    assertThat(all.status()).isEqualTo(200);
    List<Double> scores = new ArrayList<>();
    all.body().get("users").forEach(u -> scores.add(u.get("score").asDouble()));
    assertThat(scores).isSortedAccordingTo((x, y) -> Double.compare(y, x));

    Answer top3 = get(a, "/api/users/risk?top=3");
    assertThat(top3.status()).isEqualTo(200);
    assertThat(top3.body().get("count").asInt()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(top3.body().get("users").get(i)).isEqualTo(all.body().get("users").get(i));
    }
    // the same answer whichever instance is asked
    assertThat(get(b, "/api/users/risk?top=3").body()).isEqualTo(top3.body());
  }

  @Test
  void shouldAnswerAUserOwnedByTheOtherInstance() throws Exception {
    String atB = ownedBy(b);

    Answer answer = get(a, "/api/users/" + atB.toUpperCase(java.util.Locale.ROOT) + "/risk");

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().get("user").asText()).isEqualTo(atB);
    assertThat(answer.body().get("failed_logins").asLong())
        .isEqualTo(FAILURES.get(atB).longValue());
    assertThat(answer.body().get("score").asDouble()).isEqualTo(FAILURES.get(atB) * 1.0);
    assertThat(answer.body().get("window_days").asInt()).isEqualTo(30);

    String atA = ownedBy(a);
    Answer reverse = get(b, "/api/users/" + atA + "/risk");
    assertThat(reverse.status()).isEqualTo(200);
    assertThat(reverse.body().get("failed_logins").asLong())
        .isEqualTo(FAILURES.get(atA).longValue());
  }

  @Test
  void shouldAnswer404ForAnUnknownUserWhicheverInstanceOwnsTheKey() throws Exception {
    for (String user : List.of("nobody-1.risk-it@corp.example", "nobody-2.risk-it@corp.example")) {
      Answer answer = get(a, "/api/users/" + user + "/risk");
      assertThat(answer.status()).as(user).isEqualTo(404);
      assertThat(answer.body().get("error").asText()).contains("no risk recorded");
    }
  }

  @Test
  void shouldAnswer400ForATopThatIsNotANumber() throws Exception {
    Answer answer = get(a, "/api/users/risk?top=abc");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().get("error").asText()).contains("'top'");
  }

  @Test
  void shouldStillServeMetricsAndHealthOnTheSameServer() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.httpPort() + "/health/ready"))
            .build();
    // readiness follows its own checks of broker and registry, a moment after RUNNING
    org.awaitility.Awaitility.await()
        .alias("ready")
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    HttpResponse<String> ready = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(ready.body()).contains("\"kafka\":{\"status\":\"UP\"");
    assertThat(a.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
  }
}
