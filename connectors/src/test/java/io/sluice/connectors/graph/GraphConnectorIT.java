package io.sluice.connectors.graph;

import static io.sluice.connectors.testing.ItConnectors.header;
import static io.sluice.connectors.testing.ItConnectors.keys;
import static io.sluice.connectors.testing.ItConnectors.records;
import static io.sluice.connectors.testing.ItConnectors.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.connectors.cli.ConnectorCli;
import io.sluice.connectors.core.ExitCodes;
import io.sluice.connectors.core.KafkaPagePublisher;
import io.sluice.connectors.testing.ItConnectors;
import io.sluice.connectors.testing.ItConnectors.RunningConnector;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.EntraSignIns;
import io.sluice.sandbox.simulators.GraphSimulator;
import io.sluice.sandbox.simulators.SimClock;
import io.sluice.sandbox.simulators.SimOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** The Entra connector against the Graph simulator over HTTP and a real broker. */
@ExtendWith(SandboxExtension.class)
class GraphConnectorIT {
  static final String TENANT = "contoso.onmicrosoft.com";
  static final String CLIENT_ID = "0b1c2d3e-aaaa-bbbb-cccc-000000000001";
  static final String SECRET = "graph~it~secret~value~0123456789";
  private static final Duration LANDED = Duration.ofSeconds(60);
  private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

  private final SimClock clock = SimClock.at(Instant.now());
  private final EmbeddedKafka kafka;
  private final String connectorId;
  private final List<String> signIns =
      EntraSignIns.scenario(42, 300, clock.instant().minus(4, ChronoUnit.HOURS));
  private final GraphSimulator graph =
      GraphSimulator.start(TENANT, CLIENT_ID, SECRET, signIns, SimOptions.realistic().on(clock));

  GraphConnectorIT(EmbeddedKafka kafka, TestInfo test) {
    this.kafka = kafka;
    this.connectorId = "entra-it-" + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void stopSimulator() {
    graph.close();
  }

  @Test
  void shouldLandEveryRecordOfAMultiPageBackfillExactlyOnceByteForByte() {
    try (RunningConnector connector = start(Map.of())) {

      await("all " + signIns.size() + " sign-ins committed")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(signIns.size()));
      await("several polls later, the overlap re-reads added nothing")
          .atMost(LANDED)
          .until(() -> graph.requestCount() > 20);

      List<ConsumerRecord<byte[], byte[]>> landed = landed();
      assertThat(keys(landed))
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(ids(signIns));
      assertThat(values(landed)).containsExactlyInAnyOrderElementsOf(signIns);
      assertThat(header(landed.get(0), KafkaPagePublisher.HEADER_SOURCE))
          .isEqualTo("entra.signins");
      assertThat(header(landed.get(0), KafkaPagePublisher.HEADER_CONNECTOR)).isEqualTo(connectorId);
      assertThat(connector.exit).isNotDone();
    }
  }

  @Test
  void shouldLoseAndRepeatNothingWhenGraphThrottlesFailsTruncatesAndExpiresTheToken() {
    graph.faults().rateLimitEvery(3).serverErrorBurst(4, 3).truncateNextPages(1);

    try (RunningConnector connector = start(Map.of())) {
      await("some pages committed")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).isNotEmpty());
      graph.expireTokens();
      graph.omitRetryAfter(true);

      await("all sign-ins committed despite faults")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(signIns.size()));
      assertThat(keys(landed()))
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(ids(signIns));
      assertThat(graph.tokensIssued()).isGreaterThanOrEqualTo(2);
      assertThat(connector.exit).isNotDone();
    }
  }

  @Test
  void shouldPickUpALateArrivalInTheOverlapAndRepublishNothingAfterARestart() {
    Map<String, String> flags = flags(Map.of());
    try (RunningConnector first =
        ItConnectors.start(new EntraConnectorFactory(), flags, env(), clock)) {
      await("first run caught up")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(signIns.size()));
      Instant newest =
          signIns.stream().map(GraphConnectorIT::created).max(Instant::compareTo).orElseThrow();
      String late =
          EntraSignIns.signIn(
              new Random(1), newest.minusSeconds(60), "gita@corp.example", "203.0.113.4", 0, 0);
      graph.append(List.of(late));
      await("the late sign-in found through the overlap window")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(keys(landed())).contains(id(late)));
    }
    int before = landed().size();
    assertThat(before).isEqualTo(signIns.size() + 1);
    long requestsBefore = graph.requestCount();

    try (RunningConnector second =
        ItConnectors.start(new EntraConnectorFactory(), flags, env(), clock)) {
      await("the restarted connector re-read its overlap window")
          .atMost(LANDED)
          .until(() -> graph.requestCount() > requestsBefore + 3);
    }
    assertThat(keys(landed()))
        .as("the ids in the checkpoint skip the overlap after a restart too")
        .hasSize(before)
        .doesNotHaveDuplicates();
  }

  @Test
  void shouldFenceTheFirstInstanceWhenASecondWithTheSameIdStarts() {
    Map<String, String> flags = flags(Map.of());
    try (RunningConnector active =
        ItConnectors.start(new EntraConnectorFactory(), flags, env(), clock)) {
      await("active caught up")
          .atMost(LANDED)
          .untilAsserted(() -> assertThat(landed()).hasSize(signIns.size()));

      try (RunningConnector standby =
          ItConnectors.start(new EntraConnectorFactory(), flags, env(), clock)) {
        await("the new instance owns the id")
            .atMost(LANDED)
            .until(() -> standby.runtime.awaitStarted(Duration.ZERO));
        List<String> live = EntraSignIns.benign(7, 20, clock.instant(), Duration.ofSeconds(1));
        graph.append(live);

        await("the old instance stops as fenced")
            .atMost(LANDED)
            .untilAsserted(() -> assertThat(active.exit).isCompletedWithValue(ExitCodes.FENCED));
        assertThat(active.stopMessage).contains("has taken over", connectorId);
        await("the live sign-ins committed")
            .atMost(LANDED)
            .untilAsserted(() -> assertThat(keys(landed())).containsAll(ids(live)));
        assertThat(standby.exit).isNotDone();
      }
    }
  }

  @Test
  void shouldExitWith3AndNameTheSecretWhenTheTokenEndpointRefusesTheClient() {
    StringWriter err = new StringWriter();
    int exit =
        cli(Map.of("ENTRA_CLIENT_ID", CLIENT_ID, "ENTRA_CLIENT_SECRET", "wrong~secret~zz"), err);

    assertThat(exit).isEqualTo(ExitCodes.VENDOR_REJECTED);
    assertThat(err.toString())
        .contains("entra.signins: the vendor rejected the credentials")
        .contains("invalid_client", "AADSTS7000215")
        .contains("ENTRA_CLIENT_SECRET")
        .doesNotContain("wrong~secret~zz");
  }

  @Test
  void shouldExitWith3AndNameThePermissionsWhenTheAppMayNotReadSignIns() {
    graph.denyPermission(true);
    StringWriter err = new StringWriter();

    int exit = cli(env(), err);

    assertThat(exit).isEqualTo(ExitCodes.VENDOR_REJECTED);
    assertThat(err.toString())
        .contains("Authorization_RequestDenied")
        .contains("AuditLog.Read.All")
        .doesNotContain(SECRET);
  }

  @Test
  void shouldExitWith2WhenNoClientIdIsConfigured() {
    StringWriter err = new StringWriter();

    int exit = cli(Map.of("ENTRA_CLIENT_SECRET", SECRET), err);

    assertThat(exit).isEqualTo(ExitCodes.BAD_CONFIG);
    assertThat(err.toString()).contains("ENTRA_CLIENT_ID");
    assertThat(graph.requestCount()).isZero();
  }

  private int cli(Map<String, String> env, StringWriter err) {
    CommandLine cli = ConnectorCli.commandLine(env);
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(
        "connector",
        "entra",
        "--bootstrap-servers",
        kafka.bootstrapServers(),
        "--base-url",
        graph.baseUrl().toString(),
        "--connector-id",
        connectorId + System.nanoTime(),
        "--http-port",
        "-1",
        "--set",
        "entra.login.url=" + graph.baseUrl(),
        "--set",
        "entra.tenant=" + TENANT);
  }

  private RunningConnector start(Map<String, String> extra) {
    return ItConnectors.start(new EntraConnectorFactory(), flags(extra), env(), clock);
  }

  private Map<String, String> flags(Map<String, String> extra) {
    Map<String, String> more = new HashMap<>();
    more.put(EntraConnectorFactory.LOGIN_URL, graph.baseUrl().toString());
    more.put(EntraConnectorFactory.TENANT, TENANT);
    more.put(EntraConnectorFactory.TOP, "50");
    more.putAll(extra);
    return ItConnectors.settings(kafka, graph.baseUrl().toString(), connectorId, more);
  }

  static Map<String, String> env() {
    return Map.of("ENTRA_CLIENT_ID", CLIENT_ID, "ENTRA_CLIENT_SECRET", SECRET);
  }

  private List<ConsumerRecord<byte[], byte[]>> landed() {
    return records(kafka, GraphSignInsFeed.TOPIC, connectorId, true);
  }

  static List<String> ids(List<String> signIns) {
    return signIns.stream().map(GraphConnectorIT::id).toList();
  }

  static String id(String signIn) {
    Matcher m = ID.matcher(signIn);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static Instant created(String signIn) {
    Matcher m = Pattern.compile("\"createdDateTime\":\"([^\"]+)\"").matcher(signIn);
    assertThat(m.find()).isTrue();
    return Instant.parse(m.group(1));
  }
}
