package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.harness.TcpProxy;
import io.sluice.sandbox.simulators.MimecastUrlClicks;
import io.sluice.schemas.Alert;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.testing.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/design.md §7, "an outage is not bad input", on real infrastructure: a private broker, the
 * real Apicurio registry behind a {@link TcpProxy} the test cuts. While the registry is unreachable
 * — before the app starts, and again mid-run for a feed whose schema is not cached yet — nothing is
 * dead-lettered or committed, and {@code /health/ready} says 503 naming the registry; once it
 * answers, every record is processed exactly once and the expected alert appears.
 */
@ExtendWith(SandboxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryOutageIT {
  private static final String APP_ID = "sluice-outage-it";
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final EmbeddedKafka kafka = EmbeddedKafka.start();
  // one state directory for the whole class: the app outlives each test method
  private final Path state = Files.createTempDirectory("sluice-outage-it-");
  private ApicurioRegistry registry;
  private TcpProxy proxy;
  private StreamsApp app;

  RegistryOutageIT() throws java.io.IOException {}

  @AfterAll
  void stop() throws java.io.IOException {
    if (app != null) {
      app.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    kafka.close();
    org.apache.kafka.common.utils.Utils.delete(state.toFile());
  }

  @Test
  @Order(1)
  void shouldHoldRecordsWhileTheRegistryIsDownAtStartAndProcessThemOnceWhenItReturns(
      ApicurioRegistry registry) throws Exception {
    this.registry = registry;
    proxy = TcpProxy.start("127.0.0.1", registry.port());
    proxy.cut();
    String url = "http://127.0.0.1:" + proxy.port() + "/apis/ccompat/v7";
    SluiceConfig config =
        SluiceConfig.load(
            Optional.empty(),
            Map.of(),
            Map.of(
                SluiceConfig.BOOTSTRAP_SERVERS,
                kafka.bootstrapServers(),
                SluiceConfig.SCHEMA_REGISTRY_URL,
                url,
                SluiceConfig.APPLICATION_ID,
                APP_ID,
                SluiceConfig.STATE_DIR,
                state.toString(),
                SluiceConfig.HTTP_PORT,
                "0",
                "health.check.interval",
                "500ms",
                "kafka.commit.interval.ms",
                "200"));
    app =
        StreamsApp.startServing(
            config,
            new RuleLoader().load(Optional.empty()),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

    produce("raw.okta.system-log", failedLogins("bob@corp.example", 10));

    await()
        .dontCatchUncaughtExceptions()
        .alias("a stream thread stopped on the registry outage")
        .atMost(Duration.ofSeconds(60))
        .until(() -> metric("sluice_outage_thread_stops_total", "schema_registry") >= 1);
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body())
        .contains("\"schema_registry\":{\"status\":\"DOWN\"")
        .contains("127.0.0.1:" + proxy.port());
    assertNothingDeadLetteredOrCommitted("raw.okta.system-log");
    assertThat(metric("sluice_dead_letters_total", null)).isZero();

    proxy.restore();

    List<ConsumerRecord<String, Alert>> alerts = awaitAlerts("alerts.authentication", 1);
    assertThat(alerts.get(0).value().getRule().getId()).isEqualTo("auth.failed-login-burst");
    assertThat(alerts.get(0).value().getEventCount()).isEqualTo(10);
    await()
        .dontCatchUncaughtExceptions()
        .alias("ready again")
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/health/ready").statusCode() == 200);
    assertThat(Topics.readAll(kafka.bootstrapServers(), Map.of(), "canonical.authentication"))
        .hasSize(10);
    assertThat(Topics.readAll(kafka.bootstrapServers(), Map.of(), "sluice.dlq")).isEmpty();
    await()
        .dontCatchUncaughtExceptions()
        .alias("counters count what was committed")
        .atMost(Duration.ofSeconds(10))
        .until(() -> metric("sluice_canonical_events_total", null) == 10);
    assertThat(metric("sluice_raw_records_total", null)).isEqualTo(10);
  }

  @Test
  @Order(2)
  void shouldHoldANewFeedWhileTheRegistryGoesDownMidRun() throws Exception {
    double stopsBefore = metric("sluice_outage_thread_stops_total", "schema_registry");
    proxy.cut();
    String user = "carol@corp.example";
    produce(
        "raw.mimecast.ttp-url",
        List.of(
            MimecastUrlClicks.click(
                user,
                "it@evil.example",
                "https://evil.example/a",
                "malicious",
                "continue",
                NOON,
                "<m1@evil.example>"),
            MimecastUrlClicks.click(
                user,
                "it@evil.example",
                "https://evil.example/b",
                "malicious",
                "continue",
                NOON.plusSeconds(60),
                "<m2@evil.example>")));

    await()
        .dontCatchUncaughtExceptions()
        .alias("a stream thread stopped on the outage")
        .atMost(Duration.ofSeconds(60))
        .until(() -> metric("sluice_outage_thread_stops_total", "schema_registry") > stopsBefore);
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    assertNothingDeadLetteredOrCommitted("raw.mimecast.ttp-url");

    proxy.restore();

    List<ConsumerRecord<String, Alert>> alerts = awaitAlerts("alerts.url-click", 1);
    assertThat(alerts.get(0).value().getRule().getId()).isEqualTo("url.repeat-malicious-click");
    assertThat(alerts.get(0).key()).isEqualTo(user);
    // both clicks, each once; the canonical records of different raw partitions may commit in
    // separate transactions, so wait for the second rather than read the topic once
    await()
        .alias("both clicks on canonical.email-url")
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                Topics.readAll(kafka.bootstrapServers(), Map.of(), "canonical.email-url").size()
                    >= 2);
    assertThat(Topics.readAll(kafka.bootstrapServers(), Map.of(), "canonical.email-url"))
        .hasSize(2);
    assertThat(Topics.readAll(kafka.bootstrapServers(), Map.of(), "sluice.dlq")).isEmpty();
    await()
        .dontCatchUncaughtExceptions()
        .alias("ready again")
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/health/ready").statusCode() == 200);
  }

  @Test
  @Order(3)
  void shouldStillDeadLetterRecordsThatAreReallyBad() throws Exception {
    produce("raw.okta.system-log", List.of("{\"published\": \"2024-05-02T12:00:00Z\", oops"));

    await()
        .dontCatchUncaughtExceptions()
        .alias("the unreadable record in the DLQ")
        .atMost(Duration.ofSeconds(60))
        .until(() -> Topics.readAll(kafka.bootstrapServers(), Map.of(), "sluice.dlq").size() == 1);
    assertThat(metric("sluice_dead_letters_total", null)).isEqualTo(1);
  }

  private void assertNothingDeadLetteredOrCommitted(String rawTopic) throws Exception {
    assertThat(Topics.endOffsetSum(kafka.bootstrapServers(), "sluice.dlq"))
        .as("records in sluice.dlq, committed or not")
        .isZero();
    long produced = Topics.endOffsetSum(kafka.bootstrapServers(), rawTopic);
    long committed =
        Topics.committed(kafka.bootstrapServers(), Map.of(), APP_ID, rawTopic).values().stream()
            .mapToLong(Long::longValue)
            .sum();
    assertThat(committed).as("offsets committed on " + rawTopic).isLessThan(produced);
  }

  private List<ConsumerRecord<String, Alert>> awaitAlerts(String topic, int count) {
    Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
    var deserializer = AvroSerdes.specific(Alert.class, serde, false).deserializer();
    List<ConsumerRecord<String, Alert>> alerts = new java.util.ArrayList<>();
    await()
        .dontCatchUncaughtExceptions()
        .alias("alerts on " + topic)
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              alerts.clear();
              for (ConsumerRecord<byte[], byte[]> r :
                  Topics.readAll(kafka.bootstrapServers(), Map.of(), topic)) {
                alerts.add(
                    new ConsumerRecord<>(
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        new String(r.key(), StandardCharsets.UTF_8),
                        deserializer.deserialize(topic, r.value())));
              }
              return alerts.size() >= count;
            });
    assertThat(alerts).hasSize(count);
    return alerts;
  }

  private static List<String> failedLogins(String user, int n) {
    List<String> events = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(OktaEvents.failedLogin(user, NOON.plus(Duration.ofSeconds(30L * i))).toString());
    }
    return events;
  }

  private void produce(String topic, List<String> values) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
      for (String value : values) {
        producer.send(
            new ProducerRecord<>(
                topic,
                Integer.toString(value.hashCode()).getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.managementPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The sum of a counter over its series (those with {@code dependency} when given). */
  private double metric(String name, String dependency) throws Exception {
    String scrape = get("/metrics").body();
    Pattern line = Pattern.compile("^" + name + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
    Matcher m = line.matcher(scrape);
    double sum = 0;
    while (m.find()) {
      if (dependency == null
          || (m.group(1) != null && m.group(1).contains("dependency=\"" + dependency + "\""))) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }
}
