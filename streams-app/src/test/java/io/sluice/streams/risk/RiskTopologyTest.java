package io.sluice.streams.risk;

import static io.sluice.streams.risk.RiskFixtures.click;
import static io.sluice.streams.risk.RiskFixtures.dlp;
import static io.sluice.streams.risk.RiskFixtures.login;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.schemas.AuthStatus;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.DataSecurityEvent;
import io.sluice.schemas.DlpAction;
import io.sluice.schemas.EmailUrlEvent;
import io.sluice.schemas.UserRisk;
import io.sluice.schemas.Verdict;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.detect.UserState;
import io.sluice.streams.enrich.VipStore;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.replay.OfflineDriver;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.topology.SluiceTopology;
import io.sluice.streams.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * User risk through the production topology in TopologyTestDriver: canonical records in, {@code
 * risk.users} and the user processor's store out. Weights and alert kinds are {@link
 * UserRiskLedgerTest}'s.
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
  private TestInputTopic<String, String> vips;
  private TestOutputTopic<String, UserRisk> risk;

  private void start(List<Rule> rules) {
    // a state directory of its own: runs of this test in other checkouts on the machine would
    // otherwise lock the same RocksDB files under /tmp/kafka-streams
    driver =
        OfflineDriver.create(
            SluiceTopology.build(FeedMappers.all(), rules, serde, PipelineMetrics.inMemory()),
            "sluice-risk-test",
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
    vips = driver.createInputTopic(Topics.VIP_USERS, keys, new StringSerializer());
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

  /** The user's risk as the API shows it, from the user processor's store. */
  private UserRisk stored(String user) {
    KeyValueStore<String, byte[]> store = driver.getKeyValueStore(UserState.STORE);
    KeyValueStore<String, String> vipStore = driver.getKeyValueStore(VipStore.STORE);
    return UserState.risk(user, store.get(user), key -> vipStore.get(key) != null);
  }

  /** The wall-clock scan that prunes idle keys and expires risk. */
  private void scan() {
    driver.advanceWallClockTime(Duration.ofSeconds(2));
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
    assertThat(stored(ANN)).isEqualTo(ann);
  }

  @Test
  void shouldIgnoreRecordsThatSayNothingAboutRisk() {
    start(List.of());

    auth.pipeInput(ANN, login(ANN, AuthStatus.SUCCESS, false, T0), T0);
    urls.pipeInput(ANN, click(ANN, Verdict.CLEAN, true, T0), T0);
    urls.pipeInput(ANN, click(ANN, Verdict.MALICIOUS, false, T0), T0); // delivered, not clicked
    dlps.pipeInput(ANN, dlp(ANN, DlpAction.NOTIFIED, T0), T0);

    assertThat(risk.isEmpty()).isTrue();
    assertThat(stored(ANN)).isNull();
  }

  @Test
  void shouldMultiplyTheScoreOfAUserWhoIsAVipNowByOneAndAHalf() {
    start(List.of());
    failedLogin(ANN, T0);
    assertThat(stored(ANN).getVip()).isFalse();

    vips.pipeInput("Ann@Corp.Example", "{\"title\":\"CFO\"}"); // a VIP added after the event

    UserRisk ann = stored(ANN);
    assertThat(ann.getVip()).isTrue();
    assertThat(ann.getScore()).isEqualTo(1 * 1.5);
  }

  @Test
  void shouldStillCountAnEventTwentyNineDaysOld() {
    start(List.of());
    failedLogin(ANN, T0);

    failedLogin(BOB, T0.plus(Duration.ofDays(29))); // moves the partition's clock
    scan();

    assertThat(stored(ANN).getFailedLogins()).isEqualTo(1);
  }

  @Test
  void shouldForgetAnEventThirtyOneDaysOldWhenTheUserIsUpdated() {
    start(List.of());
    failedLogin(ANN, T0);
    urls.pipeInput(
        ANN,
        click(ANN, Verdict.MALICIOUS, true, T0.plus(Duration.ofDays(31))),
        T0.plus(Duration.ofDays(31)));

    UserRisk ann = stored(ANN);
    assertThat(ann.getFailedLogins()).isZero();
    assertThat(ann.getMaliciousClicks()).isEqualTo(1);
    assertThat(ann.getScore()).isEqualTo(10);
  }

  @Test
  void shouldDeleteAUserWhoseEventsAllLeftTheWindowOnceStreamTimeMovesOn() {
    start(List.of());
    failedLogin(ANN, T0);
    assertThat(risk.readKeyValuesToList()).hasSize(1);

    failedLogin(BOB, T0.plus(Duration.ofDays(31))); // another user's event moves the clock
    scan();

    List<KeyValue<String, UserRisk>> updates = risk.readKeyValuesToList();
    assertThat(updates).contains(new KeyValue<>(ANN, null)); // tombstone on the compacted topic
    assertThat(stored(ANN)).isNull();
    assertThat(driver.<String, byte[]>getKeyValueStore(UserState.STORE).get(ANN)).isNull();
  }

  @Test
  void shouldNotCountAnEventOlderThanTheWindowWhenItArrives() {
    start(List.of());
    failedLogin(BOB, T0.plus(Duration.ofDays(40)));
    risk.readKeyValuesToList();

    failedLogin(ANN, T0); // 40 days behind stream time

    assertThat(risk.isEmpty()).isTrue();
    assertThat(stored(ANN)).isNull();
  }

  @Test
  void shouldEmitOnlyWhenTheRiskChanged() {
    start(List.of());
    failedLogin(ANN, T0);
    assertThat(risk.readKeyValuesToList()).hasSize(1);

    // later events of others and idle-key scans; nothing of ann's expires
    failedLogin(BOB, T0.plus(Duration.ofHours(2)));
    scan();
    failedLogin(BOB, T0.plus(Duration.ofHours(5)));
    scan();
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
    scan();

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

    UserRisk ann = stored(ANN);
    assertThat(ann.getFailedLogins()).isEqualTo(10);
    assertThat(ann.getAlertsBySeverity()).containsEntry("MEDIUM", 1L);
    assertThat(ann.getScore()).isEqualTo(10 * 1 + 15);
  }

  /**
   * Canonical topics are LogAppendTime: the Kafka timestamp detection receives is when Sluice wrote
   * the record, hours after and out of step with its event time. Detection judges the event time in
   * the record: ten failures a minute apart burst even when the broker stamped them an hour apart.
   */
  @Test
  void shouldJudgeCanonicalRecordsByTheirEventTimeNotTheirKafkaTimestamp() {
    start(new RuleLoader().load(Optional.empty()));
    Instant appended = Instant.parse("2026-12-01T09:00:00Z");

    for (int i = 0; i < 10; i++) {
      Instant time = T0.plusSeconds(60L * i);
      auth.pipeInput(
          ANN, login(ANN, AuthStatus.FAILURE, false, time), appended.plus(Duration.ofHours(i)));
      Instant spread = T0.plus(Duration.ofMinutes(15L * i));
      auth.pipeInput(BOB, login(BOB, AuthStatus.FAILURE, false, spread), appended.plusSeconds(i));
    }

    assertThat(stored(ANN).getAlertsBySeverity())
        .as("a minute apart in event time, an hour apart in Kafka time: a burst")
        .containsEntry("MEDIUM", 1L);
    assertThat(stored(BOB).getFailedLogins()).isEqualTo(10);
    assertThat(stored(BOB).getAlertsBySeverity())
        .as("15 minutes apart in event time, a second apart in Kafka time: no burst")
        .doesNotContainKey("MEDIUM");
  }
}
