package io.sluice.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's generated Sigma rules load as the app loads them, next to the built-in pack. */
class SigmaRulePackTest {
  @Test
  void shouldWriteFiftyRulesThatLoadBesideTheBuiltInPack(@TempDir Path dir) {
    SigmaRulePack.write(dir, 50);

    List<Rule> rules = new RuleLoader().load(Optional.of(dir));

    List<Rule> sigma = rules.stream().filter(r -> r.sigma().isPresent()).toList();
    assertThat(sigma).hasSize(50);
    assertThat(sigma).extracting(Rule::id).doesNotHaveDuplicates();
    // detections and correlations, over Okta, Entra and Mimecast
    assertThat(sigma).extracting(Rule::type).contains(Rule.Type.THRESHOLD);
    assertThat(sigma.stream().filter(r -> r.threshold() > 1)).hasSize(20);
    assertThat(sigma.stream().flatMap(r -> r.sigma().get().feeds().stream()))
        .extracting(f -> f.feed().source())
        .contains("okta.system-log", "entra.signins", "mimecast.ttp-url", "mimecast.siem");
    assertThat(rules.size()).isGreaterThan(sigma.size());
  }
}
