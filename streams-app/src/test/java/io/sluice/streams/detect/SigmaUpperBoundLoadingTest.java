package io.sluice.streams.detect;

import static io.sluice.streams.detect.SigmaUpperBoundTest.ID;
import static io.sluice.streams.detect.SigmaUpperBoundTest.detections;
import static io.sluice.streams.detect.SigmaUpperBoundTest.eventCount;
import static io.sluice.streams.detect.SigmaUpperBoundTest.fewFailures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What loads of Sigma correlations with an upper bound (docs/sigma.md, "Upper bounds"): counts over
 * detection rules run as closing windows; the combinations the engine cannot decide at window close
 * are refused, naming the file, the rule and the key.
 */
class SigmaUpperBoundLoadingTest {
  private List<Rule> load(Path dir, String text) throws IOException {
    Files.writeString(dir.resolve("okta-detections.yml"), detections());
    Files.writeString(dir.resolve("few.yml"), text);
    return new RuleLoader().load(Optional.of(dir));
  }

  @Test
  void shouldRunAnEventCountValueCountAndTemporalWithAnUpperBound(@TempDir Path dir)
      throws IOException {
    List<Rule> rules =
        load(
            dir,
            fewFailures("{gt: 2, lte: 4}")
                + """
                ---
                title: Some recon steps
                id: 0c6f4f2e-9a51-4d0b-8a7e-5b1c00000202
                correlation:
                  type: temporal
                  rules: [failed_login, mfa_deactivated, api_token_created]
                  group-by: [actor.alternateId]
                  timespan: 10m
                  condition: {lt: 3}
                """);

    List<CompiledRule> compiled = new RuleSet(rules).all();
    assertThat(compiled)
        .filteredOn(r -> r.id().equals(ID))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.spec().closes()).isTrue();
              assertThat(r.spec().threshold()).isEqualTo(3);
              assertThat(r.spec().upper()).isEqualTo(4);
            });
    assertThat(compiled)
        .filteredOn(r -> r.id().endsWith("0202"))
        .singleElement()
        .satisfies(r -> assertThat(r.spec().upper()).isEqualTo(2));
  }

  @Test
  void shouldRefuseAnUpperBoundCorrelationAsAStepOfAnotherNamingFileRuleAndKey(@TempDir Path dir) {
    String outer =
        fewFailures("{lt: 3}")
            + "---\ntitle: Few failures, then a success\nid: 0c6f4f2e-9a51-4d0b-8a7e-5b1c00000203\n"
            + "correlation: {type: temporal_ordered, rules: [%s, successful_login],".formatted(ID)
            + " group-by: [actor.alternateId], timespan: 1h}\n";

    assertThatThrownBy(() -> load(dir, outer))
        .isInstanceOf(RuleValidationException.class)
        .hasMessageContaining(
            "few.yml: rule '0c6f4f2e-9a51-4d0b-8a7e-5b1c00000203': key 'correlation.rules[0]': '"
                + ID
                + "' has an upper bound");
  }

  @Test
  void shouldRefuseAnUpperBoundOverACorrelationNamingFileRuleAndKey(@TempDir Path dir) {
    String chained =
        eventCount("0c6f4f2e-9a51-4d0b-8a7e-5b1c00000204", "failed_login", "{gte: 5}")
            + "---\n"
            + eventCount(ID, "counts_failed_login", "{lt: 3}");

    assertThatThrownBy(() -> load(dir, chained))
        .isInstanceOf(RuleValidationException.class)
        .hasMessageContaining(
            "few.yml: rule '"
                + ID
                + "': key 'correlation.rules[0]': 'counts_failed_login' is a correlation: a"
                + " correlation with an upper bound counts detection rules only");
  }

  @Test
  void shouldRefuseAThresholdOverrideOfAnUpperBoundNamingFileRuleAndKey(@TempDir Path dir)
      throws IOException {
    Files.writeString(
        dir.resolve("tuning.yaml"), "overrides:\n  - {id: " + ID + ", threshold: 2}\n");

    assertThatThrownBy(() -> load(dir, fewFailures("{lt: 3}")))
        .isInstanceOf(RuleValidationException.class)
        .hasMessageContaining("tuning.yaml")
        .hasMessageContaining(ID)
        .hasMessageContaining("key 'threshold': the count of a correlation with an upper bound");
  }
}
