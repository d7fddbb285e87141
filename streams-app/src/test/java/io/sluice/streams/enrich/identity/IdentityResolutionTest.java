package io.sluice.streams.enrich.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.AuthenticationEvent;
import io.sluice.schemas.FindingEvent;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.normalize.crowdstrike.FalconAlerts;
import io.sluice.streams.replay.OfflineDriver;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.topology.SluiceTopology;
import io.sluice.streams.topology.Topics;
import io.sluice.streams.topology.TopologyOptions;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One person's events from different vendors meet under one key once {@code reference.identities}
 * names their aliases or a default domain qualifies their bare account name.
 */
class IdentityResolutionTest {
  private static final Instant T = Instant.parse("2024-05-02T12:00:00Z");
  private static final Instant FETCHED = Instant.parse("2024-05-02T12:05:00Z");

  private TopologyTestDriver driver;
  private TestInputTopic<String, String> identities;
  private TestInputTopic<String, String> vips;
  private TestInputTopic<byte[], byte[]> okta;
  private TestInputTopic<byte[], byte[]> falcon;
  private TestOutputTopic<String, AuthenticationEvent> authentication;
  private TestOutputTopic<String, FindingEvent> findings;

  private void start(String defaultDomain) {
    Map<String, Object> serde =
        Map.of(
            "schema.registry.url",
            "mem://identity-" + UUID.randomUUID(),
            "auto.register.schemas",
            "true");
    driver =
        OfflineDriver.create(
            SluiceTopology.build(
                FeedMappers.all(),
                List.of(),
                serde,
                PipelineMetrics.inMemory(),
                TopologyOptions.defaults().withIdentityDefaultDomain(defaultDomain)),
            "sluice-identity-test",
            T);
    identities =
        driver.createInputTopic(Topics.IDENTITIES, new StringSerializer(), new StringSerializer());
    vips =
        driver.createInputTopic(Topics.VIP_USERS, new StringSerializer(), new StringSerializer());
    okta =
        driver.createInputTopic(
            "raw.okta.system-log", new ByteArraySerializer(), new ByteArraySerializer());
    falcon =
        driver.createInputTopic(
            "raw.crowdstrike.alerts", new ByteArraySerializer(), new ByteArraySerializer());
    authentication =
        driver.createOutputTopic(
            "canonical.authentication",
            new StringDeserializer(),
            AvroSerdes.specific(AuthenticationEvent.class, serde, false).deserializer());
    findings =
        driver.createOutputTopic(
            "canonical.finding",
            new StringDeserializer(),
            AvroSerdes.specific(FindingEvent.class, serde, false).deserializer());
  }

  @AfterEach
  void close() {
    driver.close();
  }

  private static byte[] bytes(ObjectNode json) {
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldPutAFalconAliasAndTheSamePersonsOktaFailuresUnderOneKey() {
    start(null);
    identities.pipeInput("jdoe", "jdoe@corp.example");

    falcon.pipeInput(null, bytes(FalconAlerts.adwareAlert("jdoe", T)), FETCHED);
    okta.pipeInput(null, bytes(OktaEvents.failedLogin("JDoe@Corp.Example", T)), FETCHED);

    KeyValue<String, FindingEvent> finding = findings.readKeyValue();
    KeyValue<String, AuthenticationEvent> failure = authentication.readKeyValue();
    assertThat(finding.key).isEqualTo("jdoe@corp.example").isEqualTo(failure.key);
    assertThat(finding.value.getUser().getName()).isEqualTo("jdoe@corp.example");
    assertThat(finding.value.getUser().getEmail()).isEqualTo("jdoe@corp.example");
    assertThat(finding.value.getMetadata().getUnmapped()).containsEntry("identity.user", "jdoe");
    assertThat(failure.value.getMetadata().getUnmapped()).doesNotContainKey("identity.user");
  }

  @Test
  void shouldKeepTheVendorsNameWithoutAnAlias() {
    start(null);

    falcon.pipeInput(null, bytes(FalconAlerts.adwareAlert("jdoe", T)), FETCHED);

    KeyValue<String, FindingEvent> finding = findings.readKeyValue();
    assertThat(finding.key).isEqualTo("jdoe");
    assertThat(finding.value.getUser().getEmail()).isNull();
    assertThat(finding.value.getMetadata().getUnmapped()).doesNotContainKey("identity.user");
  }

  @Test
  void shouldNormaliseAnAliasHoweverTheOperatorTypedIt() {
    start(null);
    identities.pipeInput("  CORP\\JDoe ", "JDoe@Corp.Example");

    falcon.pipeInput(null, bytes(FalconAlerts.adwareAlert("corp\\jdoe", T)), FETCHED);

    assertThat(findings.readKeyValue().key).isEqualTo("jdoe@corp.example");
  }

  @Test
  void shouldForgetAnAliasAfterATombstoneInAnySpelling() {
    start(null);
    identities.pipeInput("jdoe", "jdoe@corp.example");
    identities.pipeInput("JDOE", (String) null);

    falcon.pipeInput(null, bytes(FalconAlerts.adwareAlert("jdoe", T)), FETCHED);

    assertThat(findings.readKeyValue().key).isEqualTo("jdoe");
  }

  @Test
  void shouldQualifyABareAccountNameWithTheDefaultDomain() {
    start("corp.example");

    falcon.pipeInput(null, bytes(FalconAlerts.adwareAlert("JDoe", T)), FETCHED);
    okta.pipeInput(null, bytes(OktaEvents.failedLogin("jdoe@corp.example", T)), FETCHED);

    assertThat(findings.readKeyValue().key).isEqualTo("jdoe@corp.example");
    assertThat(authentication.readKeyValue().key).isEqualTo("jdoe@corp.example");
  }

  @Test
  void shouldLetAnAliasOfTheQualifiedNameWin() {
    start("corp.example");
    identities.pipeInput("jdoe@corp.example", "john.doe@corp.example");

    falcon.pipeInput(null, bytes(FalconAlerts.adwareAlert("jdoe", T)), FETCHED);

    assertThat(findings.readKeyValue().key).isEqualTo("john.doe@corp.example");
  }

  @Test
  void shouldNeverQualifyAHostKey() {
    start("corp.example");

    falcon.pipeInput(null, bytes(FalconAlerts.hostOnlyAlert("WS-1175", T)), FETCHED);

    KeyValue<String, FindingEvent> finding = findings.readKeyValue();
    assertThat(finding.key).isEqualTo("ws-1175");
    assertThat(finding.value.getHost().getHostname()).isEqualTo("WS-1175");
  }

  @Test
  void shouldMarkAVipListedUnderTheCanonicalNameOnlyAfterResolution() {
    start(null);
    vips.pipeInput("jdoe@corp.example", "{\"title\":\"CFO\"}");
    falcon.pipeInput(null, bytes(FalconAlerts.adwareAlert("jdoe", T)), FETCHED);
    identities.pipeInput("jdoe", "jdoe@corp.example");

    falcon.pipeInput(null, bytes(FalconAlerts.adwareAlert("jdoe", T.plusSeconds(1))), FETCHED);

    assertThat(findings.readValuesToList())
        .extracting(f -> f.getUser().getVip())
        .containsExactly(false, true);
  }
}
