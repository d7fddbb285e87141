package io.sluice.streams.risk;

import static io.sluice.streams.risk.RiskFixtures.alert;
import static io.sluice.streams.risk.RiskFixtures.click;
import static io.sluice.streams.risk.RiskFixtures.dlp;
import static io.sluice.streams.risk.RiskFixtures.login;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.Alert;
import io.sluice.schemas.AuthStatus;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.DataSecurityEvent;
import io.sluice.schemas.DlpAction;
import io.sluice.schemas.EmailUrlEvent;
import io.sluice.schemas.Severity;
import io.sluice.schemas.UserRisk;
import io.sluice.schemas.Verdict;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.topology.SluiceTopology;
import io.sluice.streams.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * User risk through the production topology in TopologyTestDriver: canonical records and alerts in,
 * {@code risk.users} and the {@code user-risk} store out.
 */
class RiskTopologyTest {
  private static final Instant T0 = Instant.parse("2024-05-02T12:00:00Z");
  private static final String ANN = "ann@corp.example";
  private static final String BOB = "bob@corp.example";

  private final Map<String, Object> serde =
      Map.of(
          "schema.registry.url",
          "mem://risk-" + UUID.randomUUID(),
          "auto.register.schemas",
          "true");
  private TopologyTestDriver driver;
  private TestInputTopic<String, AuthenticationEvent> auth;
  private TestInputTopic<String, EmailUrlEvent> urls;
  private TestInputTopic<String, DataSecurityEvent> dlps;
  private TestInputTopic<String, Alert> authAlerts;
  private TestInputTopic<String, Alert> dataLossAlerts;
  private TestOutputTopic<String, UserRisk> risk;

  private void start(List<Rule> rules) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sluice-risk-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "test.invalid:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    driver =
        new TopologyTestDriver(
            SluiceTopology.build(FeedMappers.all(), rules, serde, PipelineMetrics.inMemory()),
            props,
            T0);
    StringSerializer keys = new StringSerializer();
    auth =
        driver.createInputTopic(
            "canonical.authentication",
            keys,
            AvroSerdes.specific(AuthenticationEvent.class, serde, false).serializer());
    urls =
        driver.createInputTopic(
            "canonical.email-url",
            keys,
            AvroSerdes.specific(EmailUrlEvent.class, serde, false).serializer());
    dlps =
        driver.createInputTopic(
            "canonical.data-security",
            keys,
            AvroSerdes.specific(DataSecurityEvent.class, serde, false).serializer());
    authAlerts =
        driver.createInputTopic(
            "alerts.authentication",
            keys,
            AvroSerdes.specific(Alert.class, serde, false).serializer());
    dataLossAlerts =
        driver.createInputTopic(
            "alerts.data-loss", keys, AvroSerdes.specific(Alert.class, serde, false).serializer());
    risk =
        driver.createOutputTopic(
            Topics.RISK_USERS,
            new StringDeserializer(),
            AvroSerdes.specific(UserRisk.class, serde, false).deserializer());
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  private void failedLogin(String user, Instant time) {
    auth.pipeInput(user, login(user, AuthStatus.FAILURE, false, time), time);
  }

  private KeyValueStore<String, UserRisk> store() {
    return driver.getKeyValueStore(RiskTopology.STORE);
  }

  private UserRisk last(List<KeyValue<String, UserRisk>> updates, String user) {
    return updates.stream()
        .filter(kv -> kv.key.equals(user))
        .reduce((a, b) -> b)
        .map(kv -> kv.value)
        .orElseThrow();
  }

  @Test
  void shouldCountEachKindPerUser() {
    start(List.of());

    failedLogin(ANN, T0);
    failedLogin(ANN, T0.plusSeconds(60));
    urls.pipeInput(
        ANN, click(ANN, Verdict.MALICIOUS, true, T0.plusSeconds(120)), T0.plusSeconds(120));
    dlps.pipeInput(ANN, dlp(ANN, DlpAction.BLOCKED, T0.plusSeconds(180)), T0.plusSeconds(180));
    dlps.pipeInput(ANN, dlp(ANN, DlpAction.HELD, T0.plusSeconds(240)), T0.plusSeconds(240));
    failedLogin(BOB, T0.plusSeconds(300));

    List<KeyValue<String, UserRisk>> updates = risk.readKeyValuesToList();
    UserRisk ann = last(updates, ANN);
    assertThat(ann.getFailedLogins()).isEqualTo(2);
    assertThat(ann.getMaliciousClicks()).isEqualTo(1);
    assertThat(ann.getDlpViolations()).isEqualTo(2);
    assertThat(ann.getWindowDays()).isEqualTo(30);
    assertThat(ann.getUpdatedAt()).isEqualTo(T0.plusSeconds(240));
    assertThat(last(updates, BOB).getFailedLogins()).isEqualTo(1);
    assertThat(last(updates, BOB).getMaliciousClicks()).isZero();
    assertThat(store().get(ANN)).isEqualTo(ann);
  }

  @Test
  void shouldIgnoreRecordsThatSayNothingAboutRisk() {
    start(List.of());

    auth.pipeInput(ANN, login(ANN, AuthStatus.SUCCESS, false, T0), T0);
    urls.pipeInput(ANN, click(ANN, Verdict.CLEAN, true, T0), T0);
    urls.pipeInput(ANN, click(ANN, Verdict.MALICIOUS, false, T0), T0); // delivered, not clicked
    dlps.pipeInput(ANN, dlp(ANN, DlpAction.NOTIFIED, T0), T0);

    assertThat(risk.isEmpty()).isTrue();
    assertThat(store().get(ANN)).isNull();
  }

  @Test
  void shouldScoreWithTheDocumentedWeights() {
    start(List.of());

    urls.pipeInput(ANN, click(ANN, Verdict.MALICIOUS, true, T0), T0); // 10
    urls.pipeInput(ANN, click(ANN, Verdict.MALICIOUS, true, T0), T0); // 10
    failedLogin(ANN, T0); // 1
    failedLogin(ANN, T0); // 1
    failedLogin(ANN, T0); // 1
    dlps.pipeInput(ANN, dlp(ANN, DlpAction.BLOCKED, T0), T0); // 5
    authAlerts.pipeInput(ANN, alert("user.name", ANN, Severity.LOW, T0), T0); // 5
    authAlerts.pipeInput(ANN, alert("user.name", ANN, Severity.MEDIUM, T0), T0); // 15
    authAlerts.pipeInput(ANN, alert("user.name", ANN, Severity.HIGH, T0), T0); // 30
    dataLossAlerts.pipeInput(ANN, alert("user.name", ANN, Severity.CRITICAL, T0), T0); // 50

    UserRisk ann = store().get(ANN);
    assertThat(ann.getScore()).isEqualTo(20 + 3 + 5 + 5 + 15 + 30 + 50);
    assertThat(ann.getAlertsBySeverity())
        .isEqualTo(Map.of("LOW", 1L, "MEDIUM", 1L, "HIGH", 1L, "CRITICAL", 1L));
  }

  @Test
  void shouldMultiplyAVipsScoreByOneAndAHalf() {
    start(List.of());

    Alert vipAlert = alert("user.name", ANN, Severity.HIGH, T0);
    vipAlert.setVip(true);
    auth.pipeInput(ANN, login(ANN, AuthStatus.FAILURE, true, T0), T0);
    authAlerts.pipeInput(ANN, vipAlert, T0);

    UserRisk ann = store().get(ANN);
    assertThat(ann.getVip()).isTrue();
    assertThat(ann.getScore()).isEqualTo((1 + 30) * 1.5);
  }

  @Test
  void shouldCountAlertsOnlyWhenTheirEntityIsAUser() {
    start(List.of());

    authAlerts.pipeInput("198.51.100.77", alert("src_ip", "198.51.100.77", Severity.HIGH, T0), T0);
    authAlerts.pipeInput(ANN, alert("user.name", ANN, Severity.HIGH, T0), T0);
    dataLossAlerts.pipeInput(BOB, alert("recipient.name", BOB, Severity.MEDIUM, T0), T0);

    assertThat(store().get("198.51.100.77")).isNull();
    assertThat(store().get(ANN).getAlertsBySeverity()).isEqualTo(Map.of("HIGH", 1L));
    assertThat(store().get(BOB).getAlertsBySeverity()).isEqualTo(Map.of("MEDIUM", 1L));
  }

  @Test
  void shouldStillCountAnEventTwentyNineDaysOld() {
    start(List.of());
    failedLogin(ANN, T0);

    failedLogin(BOB, T0.plus(Duration.ofDays(29))); // advances stream time, punctuates

    assertThat(store().get(ANN).getFailedLogins()).isEqualTo(1);
  }

  @Test
  void shouldForgetAnEventThirtyOneDaysOldWhenTheUserIsUpdated() {
    start(List.of());
    failedLogin(ANN, T0);
    urls.pipeInput(
        ANN,
        click(ANN, Verdict.MALICIOUS, true, T0.plus(Duration.ofDays(31))),
        T0.plus(Duration.ofDays(31)));

    UserRisk ann = store().get(ANN);
    assertThat(ann.getFailedLogins()).isZero();
    assertThat(ann.getMaliciousClicks()).isEqualTo(1);
    assertThat(ann.getScore()).isEqualTo(10);
  }

  @Test
  void shouldDeleteAUserWhoseEventsAllLeftTheWindowOnceStreamTimeMovesOn() {
    start(List.of());
    failedLogin(ANN, T0);
    assertThat(risk.readKeyValuesToList()).hasSize(1);

    failedLogin(BOB, T0.plus(Duration.ofDays(31))); // another user's event moves stream time

    List<KeyValue<String, UserRisk>> updates = risk.readKeyValuesToList();
    assertThat(updates).contains(new KeyValue<>(ANN, null)); // tombstone on the compacted topic
    assertThat(store().get(ANN)).isNull();
    assertThat(driver.<String, Object>getKeyValueStore(RiskTopology.BUCKET_STORE).get(ANN))
        .isNull();
  }

  @Test
  void shouldNotCountAnEventOlderThanTheWindowWhenItArrives() {
    start(List.of());
    failedLogin(BOB, T0.plus(Duration.ofDays(40)));
    risk.readKeyValuesToList();

    failedLogin(ANN, T0); // 40 days behind stream time

    assertThat(risk.isEmpty()).isTrue();
    assertThat(store().get(ANN)).isNull();
  }

  @Test
  void shouldEmitOnlyWhenTheRiskChanged() {
    start(List.of());
    failedLogin(ANN, T0);
    assertThat(risk.readKeyValuesToList()).hasSize(1);

    // later events of others cross several hourly punctuations; nothing of ann's expires
    failedLogin(BOB, T0.plus(Duration.ofHours(2)));
    failedLogin(BOB, T0.plus(Duration.ofHours(5)));
    auth.pipeInput(
        ANN,
        login(ANN, AuthStatus.SUCCESS, false, T0.plus(Duration.ofHours(6))),
        T0.plus(Duration.ofHours(6)));

    assertThat(risk.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly(BOB, BOB);
  }

  @Test
  void shouldEmitTheDecayedRiskWhenPartOfTheWindowExpires() {
    start(List.of());
    failedLogin(ANN, T0);
    failedLogin(ANN, T0.plus(Duration.ofDays(10)));
    risk.readKeyValuesToList();

    failedLogin(BOB, T0.plus(Duration.ofDays(31)));

    List<KeyValue<String, UserRisk>> updates = risk.readKeyValuesToList();
    assertThat(last(updates, ANN).getFailedLogins()).isEqualTo(1);
    assertThat(last(updates, ANN).getUpdatedAt()).isEqualTo(T0.plus(Duration.ofDays(10)));
  }

  @Test
  void shouldScoreFailedLoginsAndTheBurstAlertFromRawOktaRecordsWithTheBuiltInRules() {
    start(new RuleLoader().load(Optional.empty()));
    TestInputTopic<byte[], byte[]> okta =
        driver.createInputTopic(
            "raw.okta.system-log", new ByteArraySerializer(), new ByteArraySerializer());

    for (int i = 0; i < 10; i++) {
      Instant time = T0.plusSeconds(30L * i);
      okta.pipeInput(
          ("e" + i).getBytes(StandardCharsets.UTF_8),
          OktaEvents.failedLogin(ANN, time).toString().getBytes(StandardCharsets.UTF_8),
          time);
    }

    UserRisk ann = store().get(ANN);
    assertThat(ann.getFailedLogins()).isEqualTo(10);
    assertThat(ann.getAlertsBySeverity()).containsEntry("MEDIUM", 1L);
    assertThat(ann.getScore()).isEqualTo(10 * 1 + 15);
  }

  @Test
  void shouldReadEveryAlertAreaTopic() {
    assertThat(RiskTopology.alertTopics())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Rule.Area.values()).map(Rule.Area::topic).toList());
  }
}
