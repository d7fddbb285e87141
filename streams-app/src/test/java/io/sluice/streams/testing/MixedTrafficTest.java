package io.sluice.streams.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.sandbox.traffic.MixedTraffic;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The load and crash runs' traffic is what they claim: every record of all nine feeds maps (none is
 * dead-lettered) and every scripted attack raises its built-in alert.
 */
class MixedTrafficTest {
  @Test
  void shouldMapEveryRecordOfAllNineFeedsAndRaiseEveryScriptedAlert() {
    MixedTraffic.Traffic traffic =
        MixedTraffic.generate(
            7, 12_000, 5_000, Instant.parse("2024-05-02T08:00:00Z"), Duration.ofHours(2));

    List<JsonNode> out = MixedTrafficReplay.run(traffic);

    assertThat(traffic.perTopic().keySet())
        .containsExactlyInAnyOrderElementsOf(MixedTraffic.TOPICS);
    assertThat(out).noneMatch(r -> r.get("topic").asText().equals("sluice.dlq"));
    assertThat(out.stream().filter(r -> r.get("topic").asText().startsWith("canonical.")).count())
        .isEqualTo(traffic.records().size());
    Set<MixedTraffic.ExpectedAlert> seen =
        out.stream()
            .filter(r -> r.get("topic").asText().startsWith("alerts."))
            .map(
                r ->
                    new MixedTraffic.ExpectedAlert(
                        r.at("/value/rule/id").asText(), r.at("/value/entity/value").asText()))
            .collect(Collectors.toSet());
    assertThat(seen).containsAll(traffic.expected());
    // 12,000 events make one round of attacks: one alert of each of the nine built-in rules
    assertThat(traffic.expected()).hasSize(9);
  }
}
