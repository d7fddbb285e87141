package io.sluice.streams.views;

import static io.sluice.streams.views.ViewScenario.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.schemas.EmailAction;
import io.sluice.schemas.Verdict;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.app.StreamsApp;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.canonical.CanonicalRecords;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.FieldPathAccess;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.enrich.VipStore;
import io.sluice.streams.testing.Canonical;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.topology.Topics;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every focused view in Debian's headless Chromium against the running streams app (its own broker,
 * the real registry, real HTTP), fed the known scenario: each page, once its script has fetched and
 * drawn, shows the scenario's names and numbers. With {@code SLUICE_VIEWS_SCREENSHOTS=<dir>} it
 * also saves a screenshot of each page there (how docs/img/ is made).
 */
@ExtendWith(SandboxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewsBrowserIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Clean clicks sent besides the scenario: they measure the changelog writes per event. */
  private static final int BACKGROUND_CLICKS = 2_000;

  private static final int RAW_OKTA_FAILURES = 3;
  private static final String IVAN = "ivan@corp.example";

  private final HttpClient http = HttpClient.newHttpClient();
  private Path chromium;
  private EmbeddedKafka kafka;
  private StreamsApp app;

  @BeforeAll
  void startTheAppWithTheScenario(ApicurioRegistry registry, @TempDir Path state) throws Exception {
    chromium = chromium();
    // a broker of its own: other ITs leave canonical records the views would count
    kafka = EmbeddedKafka.start();
    app =
        StreamsApp.startServing(
            config(registry, state),
            new RuleLoader().load(Optional.empty()),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    await("the app running").atMost(Duration.ofSeconds(90)).until(app::isRunning);

    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            kafka.producerConfig(), new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.VIP_USERS, CEO, CEO_VIP_RECORD)).get();
    }
    await("the CEO on the VIP list")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                app.streams()
                        .store(
                            StoreQueryParameters.fromNameAndType(
                                VipStore.STORE,
                                QueryableStoreTypes.<String, String>keyValueStore()))
                        .get(CEO)
                    != null);

    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(20));
    Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            kafka.producerConfig(),
            new StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      for (int i = 0; i < BACKGROUND_CLICKS; i++) {
        send(
            producer,
            serde,
            Canonical.click(
                "staff-" + i % 200 + "@corp.example",
                "https://intranet.corp.example/" + i,
                Verdict.CLEAN,
                EmailAction.ALLOWED,
                start.plus(Duration.ofMillis(300L * i)),
                false));
      }
      for (SpecificRecord event : events(start.plus(Duration.ofMinutes(1)))) {
        send(producer, serde, event);
      }
      for (int i = 0; i < RAW_OKTA_FAILURES; i++) {
        String event =
            OktaEvents.failedLogin(IVAN, start.plus(Duration.ofSeconds(30L * i))).toString();
        producer.send(
            new ProducerRecord<>(
                "raw.okta.system-log", "ivan-" + i, event.getBytes(StandardCharsets.UTF_8)));
      }
      producer.send(
          new ProducerRecord<>(
              "raw.okta.system-log", "broken", "{not json".getBytes(StandardCharsets.UTF_8)));
      producer.flush();
    }
    await("the scenario in the views' JSON")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              JsonNode summary = api("/api/views/summary");
              assertThat(summary.path("malicious_clicks").asLong()).isEqualTo(MALICIOUS_CLICKS);
              assertThat(summary.path("auth_failures").asLong())
                  .isEqualTo(ERIN_FAILURES + RAW_OKTA_FAILURES);
              assertThat(summary.path("dlp_violations").asLong()).isEqualTo(GINA_VIOLATIONS);
              assertThat(summary.path("impersonation").asLong()).isEqualTo(1);
              assertThat(summary.path("dead_letters").asLong()).isEqualTo(1);
              assertThat(
                      api("/api/views/alerts?rule=auth.failed-login-burst").path("count").asInt())
                  .isPositive();
              assertThat(api("/api/views/alerts?rule=dlp.repeat-violations").path("count").asInt())
                  .isPositive();
            });
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldShowTheHeadlineNumbersAndLinkEveryView() throws Exception {
    Document page = open("/", "index");

    assertThat(page.title()).isEqualTo("Sluice · Overview");
    assertThat(text(page, "#h-malicious-clicks")).isEqualTo(fmt(MALICIOUS_CLICKS));
    assertThat(text(page, "#h-auth-failures")).isEqualTo(fmt(ERIN_FAILURES + RAW_OKTA_FAILURES));
    assertThat(text(page, "#h-dlp")).isEqualTo(fmt(GINA_VIOLATIONS));
    assertThat(text(page, "#h-impersonation")).isEqualTo("1");
    assertThat(text(page, "#h-dlq")).isEqualTo("1");
    assertThat(page.select("nav a").eachAttr("href"))
        .containsExactly("/", "/clicks", "/auth", "/email", "/dlp", "/alerts", "/pipeline");
    assertThat(page.select("#status").text()).startsWith("updated");
  }

  @Test
  void shouldShowTheMostClickedMaliciousUrlsDomainsAndRepeatClickers() throws Exception {
    Document page = open("/clicks", "clicks");

    assertThat(text(page, "#h-clicks")).isEqualTo(fmt(CLICKS + BACKGROUND_CLICKS));
    assertThat(text(page, "#h-malicious-clicks")).isEqualTo(fmt(MALICIOUS_CLICKS));
    assertThat(text(page, "#h-allowed")).isEqualTo("3");
    assertThat(text(page, "#h-blocked")).isEqualTo("2");
    assertThat(rows(page, "#top-urls"))
        .containsExactly(List.of(EVIL_LOGIN, "4"), List.of(PHISH, "1"));
    assertThat(rows(page, "#top-domains"))
        .containsExactly(List.of("evil.example", "4"), List.of("phish.example", "1"));
    assertThat(rows(page, "#top-users").get(0)).containsExactly(MALLORY, "3", "yes");
    assertThat(rows(page, "#top-users")).hasSize(3);
    assertThat(page.select("#clicks-series path")).hasSize(2);
    assertThat(rows(page, "#click-alerts"))
        .anySatisfy(r -> assertThat(r).contains("url.repeat-malicious-click", MALLORY));
  }

  @Test
  void shouldShowAccountsAndAddressesWithMostFailuresByFeedAndTheBurst() throws Exception {
    Document page = open("/auth", "auth");

    assertThat(text(page, "#h-failures")).isEqualTo(fmt(ERIN_FAILURES + RAW_OKTA_FAILURES));
    assertThat(text(page, "#h-successes")).isEqualTo(fmt(FRANK_SUCCESSES));
    assertThat(rows(page, "#top-accounts"))
        .containsExactly(List.of(ERIN, "12"), List.of(IVAN, "3"));
    assertThat(rows(page, "#top-ips").get(0)).containsExactly(ERIN_IP, "12");
    assertThat(rows(page, "#by-feed")).containsExactly(List.of("okta.system-log", "15", "2"));
    List<List<String>> alerts = rows(page, "#auth-alerts");
    assertThat(alerts)
        .isNotEmpty()
        .allSatisfy(
            r -> assertThat(r).contains("auth.failed-login-burst", ERIN, "okta.system-log"));
    assertThat(alerts.get(0).get(6)).as("evidence refs").contains("raw.okta.system-log/0@");
  }

  @Test
  void shouldShowTheCampaignHashRecipientsAndVipTargets() throws Exception {
    Document page = open("/email", "email");

    assertThat(text(page, "#h-impersonation")).isEqualTo("1");
    assertThat(text(page, "#h-malicious-attachments")).isEqualTo("2");
    assertThat(rows(page, "#top-hashes")).containsExactly(List.of(CAMPAIGN_HASH, "2"));
    assertThat(rows(page, "#top-recipients")).containsExactly(List.of(CEO, "2"), List.of(HAL, "1"));
    assertThat(rows(page, "#vip-targets")).containsExactly(List.of(CEO, "2"));
    assertThat(rows(page, "#email-alerts"))
        .anySatisfy(r -> assertThat(r).contains("email.vip-impersonation"));
  }

  @Test
  void shouldShowDlpViolationsByUserAndPolicy() throws Exception {
    Document page = open("/dlp", "dlp");

    assertThat(text(page, "#h-violations")).isEqualTo("3");
    assertThat(text(page, "#h-BLOCKED")).isEqualTo("3");
    assertThat(rows(page, "#top-users")).containsExactly(List.of(GINA, "3"));
    assertThat(rows(page, "#top-policies")).containsExactly(List.of("Confidential", "3"));
    assertThat(rows(page, "#dlp-alerts"))
        .anySatisfy(r -> assertThat(r).contains("dlp.repeat-violations", GINA));
  }

  @Test
  void shouldFilterTheLatestAlertsByRuleSeverityEntityAndFeed() throws Exception {
    Document all = open("/alerts", "alerts");
    Document burst = open("/alerts?rule=auth.failed-login-burst", null);
    Document gina = open("/alerts?entity=gina&feed=mimecast.dlp", null);
    Document critical = open("/alerts?severity=CRITICAL", null);

    assertThat(column(all, "#alerts", 2))
        .contains(
            "auth.failed-login-burst",
            "url.repeat-malicious-click",
            "dlp.repeat-violations",
            "email.vip-impersonation");
    assertThat(column(burst, "#alerts", 2)).isNotEmpty().containsOnly("auth.failed-login-burst");
    assertThat(burst.select("select[name=rule]").first().select("option[selected]").text())
        .isEqualTo("auth.failed-login-burst");
    assertThat(column(gina, "#alerts", 3)).isNotEmpty().containsOnly(GINA);
    assertThat(rows(critical, "#alerts")).containsExactly(List.of("no alerts"));
    assertThat(text(critical, "#h-count")).isEqualTo("0");
  }

  @Test
  void shouldShowEventsPerFeedAndDeadLettersByReason() throws Exception {
    Document page = open("/pipeline", "pipeline");

    assertThat(text(page, "#h-dlq")).isEqualTo("1");
    assertThat(rows(page, "#feeds"))
        .anySatisfy(r -> assertThat(r).startsWith("okta.system-log", "4", "3"));
    assertThat(rows(page, "#dlq")).hasSize(1);
    assertThat(rows(page, "#dlq").get(0).get(1)).isEqualTo("1");
    // the lag rows come from Kafka's per-partition gauge: one per assigned source partition,
    // which Micrometer's Kafka binder picks up at its next refresh (up to a minute later)
    await("per-partition lag in the pipeline view")
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> api("/api/views/pipeline").path("lag").size() > 0);
  }

  @Test
  void shouldWriteFewerChangelogRecordsThanEvents() {
    int events = BACKGROUND_CLICKS + events(Instant.EPOCH).size();
    long changelog =
        committedRecords("sluice-views-it-" + ViewsTopology.EVENTS_STORE + "-changelog");
    System.out.printf(
        "views-events changelog: %d records for %d canonical events (%.4f per event)%n",
        changelog, events, (double) changelog / events);
    // each dirty key once a second per partition, however many events touched it: how many per
    // event depends on how fast this machine processes them (ViewsTopologyTest fixes the rate)
    assertThat(changelog).isPositive().isLessThan(events);
  }

  private long committedRecords(String topic) {
    Map<String, Object> config = kafka.consumerConfig("views-it-changelog-count");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long[] count = {0};
      await("the changelog read to its end")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> count[0]++);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
              });
      return count[0];
    }
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, Map<String, Object> serde, SpecificRecord event) {
    CanonicalClass c = CanonicalClass.ofRecord(event).orElseThrow();
    @SuppressWarnings("unchecked")
    Serializer<SpecificRecord> serializer =
        (Serializer<SpecificRecord>)
            (Serializer<?>) AvroSerdes.specific(c.type(), serde, false).serializer();
    Object key = FieldPathAccess.get(c, event);
    producer.send(
        new ProducerRecord<>(
            c.topic(),
            null,
            CanonicalRecords.metadata(event).getTime().toEpochMilli(),
            key == null ? null : key.toString(),
            serializer.serialize(c.topic(), event)));
  }

  private SluiceConfig config(ApicurioRegistry registry, Path state) {
    return SluiceConfig.load(
        Optional.empty(),
        Map.of(),
        Map.of(
            SluiceConfig.BOOTSTRAP_SERVERS,
            kafka.bootstrapServers(),
            SluiceConfig.SCHEMA_REGISTRY_URL,
            registry.url(),
            SluiceConfig.APPLICATION_ID,
            "sluice-views-it",
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

  private JsonNode api(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + app.httpPort() + path);
  }

  /**
   * The page's DOM once its script ran: virtual time lets the first fetch finish and the page draw
   * before Chromium dumps it. Screenshots, when asked for, come from the same URL.
   */
  private Document open(String path, String screenshot) throws Exception {
    String html = run(List.of("--virtual-time-budget=4000", "--dump-dom", url(path).toString()));
    if (screenshot != null) { // the JSON behind the page, kept beside the dump below
      String view = screenshot.equals("index") ? "summary" : screenshot;
      Files.createDirectories(Path.of("target", "views-it"));
      Files.writeString(
          Path.of("target", "views-it", view + ".json"),
          api("/api/views/" + view).toPrettyString());
    }
    String dir = System.getenv("SLUICE_VIEWS_SCREENSHOTS");
    if (dir != null && screenshot != null) {
      Path png = Path.of(dir).toAbsolutePath().resolve(screenshot + ".png");
      run(
          List.of(
              "--virtual-time-budget=4000",
              "--hide-scrollbars",
              "--window-size=1280,900",
              "--screenshot=" + png,
              url(path).toString()));
    }
    // kept for a look when an assertion fails
    Path dumps = Files.createDirectories(Path.of("target", "views-it"));
    Files.writeString(
        dumps.resolve(
            (path.equals("/") ? "index" : path.substring(1).toLowerCase(java.util.Locale.ROOT))
                    .replaceAll("[^a-z0-9]+", "_")
                + ".html"),
        html);
    return Jsoup.parse(html);
  }

  private String run(List<String> args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory("views-chromium")));
    command.addAll(args);
    File out = File.createTempFile("chromium", ".out");
    File err = File.createTempFile("chromium", ".err");
    Process process = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s: " + command);
    }
    assertThat(process.exitValue())
        .as("chromium exit code; stderr: %s", Files.readString(err.toPath()))
        .isZero();
    return Files.readString(out.toPath());
  }

  /** Debian's chromium: absent outside CI, the test is skipped; under CI it must be there. */
  private static Path chromium() {
    Path binary = Path.of("/usr/bin/chromium");
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (!Files.isExecutable(binary)) {
      if (ci) {
        throw new AssertionError(
            "CI=true but /usr/bin/chromium is missing: .ci/run installs Debian's chromium");
      }
      Assumptions.abort(
          "headless browser tests need Debian's chromium (apt-get install chromium); /usr/bin/chromium is missing");
    }
    return binary;
  }

  private static String text(Document page, String selector) {
    Element e = page.selectFirst(selector);
    assertThat(e)
        .as("element %s on %s (status: %s)", selector, page.title(), page.select("#status").text())
        .isNotNull();
    return e.text();
  }

  /** The body rows of a table, each as its cells' visible text. */
  private static List<List<String>> rows(Document page, String table) {
    assertThat(page.selectFirst(table)).as("table %s on %s", table, page.title()).isNotNull();
    return page.select(table + " tbody tr").stream().map(tr -> tr.select("td").eachText()).toList();
  }

  private static List<String> column(Document page, String table, int index) {
    return rows(page, table).stream().map(r -> r.get(index)).toList();
  }

  private static String fmt(long n) {
    return String.format(java.util.Locale.US, "%,d", n);
  }
}
