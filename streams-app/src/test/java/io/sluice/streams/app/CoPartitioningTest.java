package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;

class CoPartitioningTest {

  @Test
  void shouldGroupTheTopicsOneSubTopologyReadsTogether() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.<String, String>stream("a").merge(builder.stream("b")).to("out");
    builder.<String, String>stream("alone").to("out2");

    List<Set<String>> groups = CoPartitioning.sourceTopicGroups(builder.build().describe());

    assertThat(groups).containsExactly(Set.of("a", "b"));
  }

  @Test
  void shouldNameTopicsWhosePartitionCountsDiffer() {
    List<Set<String>> groups = List.of(Set.of("canonical.authentication", "canonical.email-url"));

    assertThat(
            CoPartitioning.mismatch(
                groups, Map.of("canonical.authentication", 3, "canonical.email-url", 6)))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("canonical.authentication has 3")
                    .contains("canonical.email-url has 6"));
    assertThat(
            CoPartitioning.mismatch(
                groups, Map.of("canonical.authentication", 3, "canonical.email-url", 3)))
        .isEmpty();
  }
}
