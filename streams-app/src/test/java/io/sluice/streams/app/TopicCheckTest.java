package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.streams.topology.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicCheckTest {
  private static final Topics.Spec RAW =
      new Topics.Spec("raw.okta.system-log", 3, false, Duration.ofDays(7));
  private static final Topics.Spec RISK = new Topics.Spec("risk.users", 3, true, null);
  private static final String SEVEN_DAYS = Long.toString(Duration.ofDays(7).toMillis());

  @Test
  void shouldAcceptATopicAsSluiceCreatesIt() {
    assertThat(
            TopicCheck.problems(
                RAW,
                3,
                3,
                Map.of(
                        "cleanup.policy",
                        "delete",
                        "retention.ms",
                        SEVEN_DAYS,
                        "min.insync.replicas",
                        "2")
                    ::get,
                Optional.of((short) 3),
                Optional.of(2)))
        .isEmpty();
  }

  @Test
  void shouldNameEachConflictWithWhatItHasAndWhatSluiceExpects() {
    assertThat(
            TopicCheck.problems(
                RAW,
                6,
                1,
                Map.of(
                        "cleanup.policy",
                        "compact",
                        "retention.ms",
                        "3600000",
                        "min.insync.replicas",
                        "1")
                    ::get,
                Optional.of((short) 3),
                Optional.of(2)))
        .containsExactly(
            "raw.okta.system-log: has 6 partitions, Sluice expects 3 (topic.partitions)",
            "raw.okta.system-log: cleanup.policy is compact, Sluice expects delete",
            "raw.okta.system-log: retention.ms is 3600000, Sluice expects " + SEVEN_DAYS,
            "raw.okta.system-log: has replication factor 1, --replication-factor asks for 3",
            "raw.okta.system-log: min.insync.replicas is 1, --min-insync-replicas asks for 2");
  }

  @Test
  void shouldAskForAppendTimeOnTheTopicsSluiceWrites() {
    assertThat(canonicalProblemsWithTimestampType("CreateTime"))
        .containsExactly(
            "canonical.authentication: message.timestamp.type is CreateTime, Sluice expects"
                + " LogAppendTime");
    assertThat(canonicalProblemsWithTimestampType("LogAppendTime")).isEmpty();
    assertThat(RAW.configs()).doesNotContainKey("message.timestamp.type");
  }

  private static java.util.List<String> canonicalProblemsWithTimestampType(String type) {
    Topics.Spec canonical =
        Topics.all(3).stream()
            .filter(t -> t.name().equals("canonical.authentication"))
            .findFirst()
            .orElseThrow();
    return TopicCheck.problems(
        canonical,
        3,
        1,
        Map.of(
                "cleanup.policy",
                "delete",
                "retention.ms",
                SEVEN_DAYS,
                "message.timestamp.type",
                type)
            ::get,
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void shouldTreatCleanupPoliciesAsSets() {
    assertThat(
            TopicCheck.problems(
                RISK,
                3,
                1,
                Map.of("cleanup.policy", "compact")::get,
                Optional.empty(),
                Optional.empty()))
        .isEmpty();
    assertThat(
            TopicCheck.problems(
                RISK,
                3,
                1,
                Map.of("cleanup.policy", "compact, delete")::get,
                Optional.empty(),
                Optional.empty()))
        .hasSize(1);
  }
}
