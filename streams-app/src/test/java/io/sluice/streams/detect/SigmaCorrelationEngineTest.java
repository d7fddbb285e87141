package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.Alert;
import io.sluice.streams.normalize.entra.EntraSignIns;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.testing.SigmaTexts;
import io.sluice.streams.testing.TopologyHarness;
import io.sluice.streams.topology.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sigma correlation rules on the engine's per-key state, in event time, through the production
 * topology: raw Okta and Entra records in, {@code alerts.sigma} out (docs/sigma.md, "Engine").
 */
class SigmaCorrelationEngineTest {
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");
  private static final String ANN = "ann@corp.example";

  /** Okta's failed and successful sign-ins, as detection rules a correlation names. */
  private static final String OKTA_LOGINS =
      SigmaTexts.OKTA_FAILED_LOGIN
          + """
      ---
      title: Okta successful login
      id: 6b0f1e6a-1c2d-4e5f-8a9b-0c1d2e3f4a02
      name: okta_successful_login
      logsource: {product: okta, service: okta}
      detection:
        selection: {eventType: user.session.start, outcome.result: SUCCESS}
        condition: selection
      """;

  private TopologyHarness harness;
  private TestOutputTopic<String, Alert> alerts;

  @AfterEach
  void close() {
    harness.close();
  }

  private void start(Path dir, String correlation) throws IOException {
    Files.writeString(dir.resolve("okta.yml"), OKTA_LOGINS + "---\n" + correlation);
    harness = new TopologyHarness(new RuleLoader().load(Optional.of(dir)));
    alerts = harness.alerts(Rule.Area.SIGMA);
  }

  private void failure(String user, Instant time) {
    harness.sendOkta(OktaEvents.failedLogin(user, time));
  }

  private static ObjectNode fromIp(ObjectNode event, String ip) {
    ((ObjectNode) event.get("client")).put("ipAddress", ip);
    return event;
  }

  private static final String THREE_FAILURES =
      """
      title: Three failed Okta logins
      id: 6b0f1e6a-1c2d-4e5f-8a9b-0c1d2e3f4a10
      name: three_failed_logins
      level: high
      correlation:
        type: event_count
        rules: [okta_failed_login]
        group-by: [actor.alternateId]
        timespan: 10m
        condition: {gte: 3}
      """;

  @Test
  void shouldFireAnEventCountOnTheEventThatReachesTheCount(@TempDir Path dir) throws IOException {
    start(dir, THREE_FAILURES);

    failure("Ann@Corp.Example", NOON);
    failure(ANN, NOON.plus(Duration.ofMinutes(4)));
    assertThat(alerts.isEmpty()).as("two of three").isTrue();
    failure(ANN, NOON.plus(Duration.ofMinutes(9)));

    assertThat(alerts.readValuesToList())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getRule().getId()).isEqualTo("6b0f1e6a-1c2d-4e5f-8a9b-0c1d2e3f4a10");
              assertThat(a.getEntity().getType()).isEqualTo("actor.alternateId");
              assertThat(a.getEntity().getValue()).isEqualTo(ANN);
              assertThat(a.getEventCount()).isEqualTo(3);
              assertThat(a.getWindowEnd()).isEqualTo(NOON.plus(Duration.ofMinutes(9)));
              assertThat(a.getEvidence()).hasSize(3);
              assertThat(a.getContext()).containsEntry("rule_type", "sigma event_count");
            });
  }

  @Test
  void shouldNotFireAnEventCountWhoseEventsSpanMoreThanTheTimespan(@TempDir Path dir)
      throws IOException {
    start(dir, THREE_FAILURES);

    failure(ANN, NOON);
    failure(ANN, NOON.plus(Duration.ofMinutes(5)));
    failure(ANN, NOON.plus(Duration.ofMinutes(10)));

    assertThat(alerts.isEmpty()).isTrue();
  }

  @Test
  void shouldFireAnEventCountInEventTimeOrderWhenEventsArriveOutOfOrder(@TempDir Path dir)
      throws IOException {
    start(dir, THREE_FAILURES);

    failure(ANN, NOON.plus(Duration.ofMinutes(8)));
    failure(ANN, NOON);
    failure(ANN, NOON.plus(Duration.ofMinutes(4)));

    assertThat(alerts.readValuesToList())
        .singleElement()
        .satisfies(a -> assertThat(a.getWindowEnd()).isEqualTo(NOON.plus(Duration.ofMinutes(8))));
  }

  @Test
  void shouldNotCountAFailureLateBeyondGraceForItsFeedAndKey(@TempDir Path dir) throws IOException {
    start(dir, THREE_FAILURES);

    failure(ANN, NOON);
    failure(ANN, NOON.plus(Duration.ofMinutes(1)));
    harness.sendOkta(OktaEvents.failedLogin(ANN, NOON.plus(Duration.ofHours(2)))); // key clock
    failure(ANN, NOON.plus(Duration.ofMinutes(2))); // 1 h 58 min behind Ann's Okta clock

    assertThat(alerts.isEmpty()).isTrue();
  }

  @Test
  void shouldCountAFailureWithinGraceForItsFeedAndKey(@TempDir Path dir) throws IOException {
    start(dir, THREE_FAILURES);

    failure(ANN, NOON);
    failure(ANN, NOON.plus(Duration.ofMinutes(1)));
    harness.sendOkta(OktaEvents.failedLogin(ANN, NOON.plus(Duration.ofMinutes(50))));
    failure(ANN, NOON.plus(Duration.ofMinutes(2))); // 48 min behind: within the hour of grace

    assertThat(alerts.readValuesToList())
        .singleElement()
        .satisfies(a -> assertThat(a.getWindowEnd()).isEqualTo(NOON.plus(Duration.ofMinutes(2))));
  }

  @Test
  void shouldFireAValueCountOnTheThirdDistinctSourceAddress(@TempDir Path dir) throws IOException {
    start(
        dir,
        """
        title: Failed Okta logins from three addresses
        id: 6b0f1e6a-1c2d-4e5f-8a9b-0c1d2e3f4a11
        correlation:
          type: value_count
          rules: [okta_failed_login]
          group-by: [actor.alternateId]
          timespan: 30m
          condition: {gte: 3, field: client.ipAddress}
        """);

    harness.sendOkta(fromIp(OktaEvents.failedLogin(ANN, NOON), "203.0.113.1"));
    harness.sendOkta(
        fromIp(OktaEvents.failedLogin(ANN, NOON.plus(Duration.ofMinutes(1))), "203.0.113.1"));
    harness.sendOkta(
        fromIp(OktaEvents.failedLogin(ANN, NOON.plus(Duration.ofMinutes(2))), "203.0.113.2"));
    assertThat(alerts.isEmpty()).as("two distinct addresses").isTrue();
    harness.sendOkta(
        fromIp(OktaEvents.failedLogin(ANN, NOON.plus(Duration.ofMinutes(3))), "203.0.113.3"));

    assertThat(alerts.readValuesToList())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getDistinctCount()).isEqualTo(3);
              assertThat(a.getWindowEnd()).isEqualTo(NOON.plus(Duration.ofMinutes(3)));
            });
  }

  /** The specification's example, on Okta: many failed logins, then a successful one. */
  private static final String FAILURES_THEN_SUCCESS =
      """
      title: Failed Okta logins followed by a successful one
      id: 6b0f1e6a-1c2d-4e5f-8a9b-0c1d2e3f4a12
      level: high
      correlation:
        type: temporal_ordered
        rules: [three_failed_logins, okta_successful_login]
        group-by: [actor.alternateId]
        timespan: 10m
      ---
      """
          + THREE_FAILURES;

  @Test
  void shouldFireATemporalOrderedCorrelationOnASuccessAfterTheChainedCount(@TempDir Path dir)
      throws IOException {
    start(dir, FAILURES_THEN_SUCCESS);

    for (int i = 0; i < 3; i++) {
      failure(ANN, NOON.plus(Duration.ofMinutes(i)));
    }
    assertThat(alerts.isEmpty()).as("the inner count does not alert on its own").isTrue();
    harness.sendOkta(OktaEvents.successfulLogin(ANN, NOON.plus(Duration.ofMinutes(5))));

    assertThat(alerts.readValuesToList())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getRule().getId()).isEqualTo("6b0f1e6a-1c2d-4e5f-8a9b-0c1d2e3f4a12");
              assertThat(a.getWindowEnd()).isEqualTo(NOON.plus(Duration.ofMinutes(5)));
              assertThat(a.getContext()).containsEntry("rule_type", "sigma temporal_ordered");
            });
  }

  @Test
  void shouldNotFireATemporalOrderedCorrelationWhenTheSuccessCameFirst(@TempDir Path dir)
      throws IOException {
    start(dir, FAILURES_THEN_SUCCESS);

    harness.sendOkta(OktaEvents.successfulLogin(ANN, NOON));
    for (int i = 1; i <= 3; i++) {
      failure(ANN, NOON.plus(Duration.ofMinutes(i)));
    }

    assertThat(alerts.isEmpty()).isTrue();
  }

  private static final String OKTA_AND_ENTRA_FAILURES =
      """
      title: Entra failed sign-in
      id: 6b0f1e6a-1c2d-4e5f-8a9b-0c1d2e3f4a14
      name: entra_failed_signin
      logsource: {product: azure, service: signinlogs}
      detection:
        selection: {ResultType: 50126}
        condition: selection
      ---
      title: Failed logins across Okta and Entra
      id: 6b0f1e6a-1c2d-4e5f-8a9b-0c1d2e3f4a15
      correlation:
        type: event_count
        rules: [okta_failed_login, entra_failed_signin]
        group-by: [user]
        aliases:
          user:
            okta_failed_login: actor.alternateId
            entra_failed_signin: UserPrincipalName
        timespan: 10m
        condition: {gte: 3}
      """;

  /** Two Okta failures of {@code oktaLogin}, then an Entra failure of Ann's UPN. */
  private Instant failOnOktaThenEntra(String oktaLogin) {
    TestInputTopic<byte[], byte[]> entra =
        harness.driver.createInputTopic(
            "raw.entra.signins", new ByteArraySerializer(), new ByteArraySerializer());
    failure(oktaLogin, NOON);
    failure(oktaLogin, NOON.plus(Duration.ofMinutes(1)));
    Instant third = NOON.plus(Duration.ofMinutes(2));
    entra.pipeInput(
        null,
        EntraSignIns.failedSignIn("ANN@corp.example", third)
            .toString()
            .getBytes(StandardCharsets.UTF_8),
        third);
    return third;
  }

  @Test
  void shouldCountEventsOfTwoFeedsUnderOneAlias(@TempDir Path dir) throws IOException {
    start(dir, OKTA_AND_ENTRA_FAILURES);

    Instant third = failOnOktaThenEntra(ANN);

    assertThat(alerts.readValuesToList())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getEntity().getType()).isEqualTo("user");
              assertThat(a.getEntity().getValue()).isEqualTo(ANN);
              assertThat(a.getSources()).containsExactly("entra.signins", "okta.system-log");
              assertThat(a.getWindowEnd()).isEqualTo(third);
            });
  }

  @Test
  void shouldResolveAGroupByValueListedInTheIdentityMapToItsUser(@TempDir Path dir)
      throws IOException {
    start(dir, OKTA_AND_ENTRA_FAILURES);
    harness
        .driver
        .createInputTopic(Topics.IDENTITIES, new StringSerializer(), new StringSerializer())
        .pipeInput("ann.lee@okta.example", ANN);

    failOnOktaThenEntra("ann.lee@okta.example");

    assertThat(alerts.readValuesToList())
        .singleElement()
        .satisfies(a -> assertThat(a.getEntity().getValue()).isEqualTo(ANN));
  }

  @Test
  void shouldKeepUnlistedGroupByValuesApart(@TempDir Path dir) throws IOException {
    start(dir, OKTA_AND_ENTRA_FAILURES);

    failOnOktaThenEntra("ann.lee@okta.example");

    assertThat(alerts.isEmpty()).isTrue();
  }
}
