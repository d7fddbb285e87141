package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.schemas.Alert;
import io.sluice.schemas.Entity;
import io.sluice.schemas.Evidence;
import io.sluice.schemas.RawRef;
import io.sluice.schemas.RuleRef;
import io.sluice.schemas.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The OCSF rendering of an alert, checked against the OCSF 1.1 Detection Finding (class 2004)
 * attributes it claims (docs/ocsf.md): names, types and the enumerated ids.
 */
class OcsfDetectionFindingTest {
  private static final Instant T = Instant.parse("2024-05-02T12:04:30Z");

  private static Alert sample() {
    return Alert.newBuilder()
        .setAlertId("aa6a4a73e20d315275c7220fcfd7f4bd")
        .setRule(new RuleRef("auth.password-spray", "Password spray", 1))
        .setSeverity(Severity.HIGH)
        .setTitle("Password spray: 10 distinct user.name within 30m for 203.0.113.66")
        .setDescription("Failed logons for many different accounts from one source address.")
        .setArea("authentication")
        .setEntity(new Entity("src_ip", "203.0.113.66"))
        .setVip(false)
        .setWindowStart(T.minusSeconds(1800))
        .setWindowEnd(T)
        .setFirstSeen(T.minusSeconds(600))
        .setLastSeen(T)
        .setDetectedAt(T.plusSeconds(2))
        .setEventCount(12)
        .setDistinctCount(10)
        .setSources(List.of("entra.signins", "okta.system-log"))
        .setEvidence(
            List.of(
                new Evidence(
                    "0123456789abcdef0123456789abcdef",
                    "okta.system-log",
                    T,
                    new RawRef("raw.okta.system-log", 1, 42L))))
        .setAttack(List.of("T1110.003", "TA0006"))
        .setContext(Map.of("threshold", "10"))
        .build();
  }

  @Test
  void shouldRenderAValidDetectionFinding() throws Exception {
    JsonNode f = new ObjectMapper().readTree(OcsfDetectionFinding.toJson(sample()));

    assertThat(f.get("class_uid").asInt()).isEqualTo(2004);
    assertThat(f.get("category_uid").asInt()).isEqualTo(2);
    assertThat(f.get("activity_id").asInt()).isEqualTo(1);
    assertThat(f.get("type_uid").asInt()).isEqualTo(200401); // class_uid * 100 + activity_id
    assertThat(f.get("severity_id").asInt()).isEqualTo(4);
    assertThat(f.get("severity").asText()).isEqualTo("High");
    assertThat(f.get("time").isIntegralNumber()).isTrue();
    assertThat(f.get("time").asLong()).isEqualTo(T.plusSeconds(2).toEpochMilli());

    JsonNode info = f.get("finding_info");
    assertThat(info.get("uid").asText()).isEqualTo("aa6a4a73e20d315275c7220fcfd7f4bd");
    assertThat(info.get("title").asText()).startsWith("Password spray");
    assertThat(info.get("first_seen_time").asLong()).isEqualTo(T.minusSeconds(600).toEpochMilli());
    assertThat(info.get("last_seen_time").asLong()).isEqualTo(T.toEpochMilli());
    assertThat(info.at("/analytic/name").asText()).isEqualTo("Password spray");
    assertThat(info.at("/analytic/uid").asText()).isEqualTo("auth.password-spray");
    assertThat(info.at("/analytic/type").asText()).isEqualTo("Rule");
    assertThat(info.at("/analytic/type_id").asInt()).isEqualTo(1);

    assertThat(f.get("attacks")).hasSize(2);
    assertThat(f.at("/attacks/0/technique/uid").asText()).isEqualTo("T1110.003");
    assertThat(f.at("/attacks/1/tactic/uid").asText()).isEqualTo("TA0006");
    assertThat(f.at("/evidences/0/data/event_id").asText())
        .isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(f.at("/evidences/0/data/raw_ref/offset").asLong()).isEqualTo(42L);
    assertThat(f.at("/observables/0/type_id").asInt()).isEqualTo(2); // IP Address
    assertThat(f.at("/observables/0/value").asText()).isEqualTo("203.0.113.66");
    assertThat(f.at("/metadata/version").asText()).isEqualTo("1.1.0");
    assertThat(f.at("/metadata/product/name").asText()).isEqualTo("Sluice");
    assertThat(f.at("/unmapped/sources")).hasSize(2);
    assertThat(f.at("/unmapped/distinct_count").asInt()).isEqualTo(10);
  }

  @Test
  void shouldMapEverySeverityToTheOcsfId() {
    assertThat(OcsfDetectionFinding.severityId(Severity.UNKNOWN)).isZero();
    assertThat(OcsfDetectionFinding.severityId(Severity.INFORMATIONAL)).isEqualTo(1);
    assertThat(OcsfDetectionFinding.severityId(Severity.LOW)).isEqualTo(2);
    assertThat(OcsfDetectionFinding.severityId(Severity.MEDIUM)).isEqualTo(3);
    assertThat(OcsfDetectionFinding.severityId(Severity.CRITICAL)).isEqualTo(5);
    assertThat(OcsfDetectionFinding.severityId(Severity.OTHER)).isEqualTo(99);
  }

  @Test
  void shouldTypeObservablesByEntity() {
    assertThat(OcsfDetectionFinding.observableType("user.name", "ann@corp.example")).isEqualTo(5);
    assertThat(OcsfDetectionFinding.observableType("user.name", "ann")).isEqualTo(4);
    assertThat(OcsfDetectionFinding.observableType("url", "https://x")).isEqualTo(6);
    assertThat(OcsfDetectionFinding.observableType("file.sha256", "ab")).isEqualTo(8);
    assertThat(OcsfDetectionFinding.observableType("src_ip+user.name", "x|y")).isEqualTo(99);
  }
}
