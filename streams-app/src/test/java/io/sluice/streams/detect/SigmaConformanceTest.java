package io.sluice.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.replay.Replay;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sigma conformance pack (docs/sigma.md, "Conformance pack"): every directory under {@code
 * src/test/resources/sigma-conformance/} is one case, run by replay through the production topology
 * with the built-in pack loaded next to it. A case is a {@code case.yml} — what it shows, the rule
 * files it loads (relative to the case directory), and the alerts it expects on {@code
 * alerts.sigma}, in order — and an {@code input.jsonl} in the replay format (docs/replay.md), with
 * {@code {"advance_wall_clock": "PT1S"}} lines where the wall clock moves.
 */
class SigmaConformanceTest {
  private static final ObjectMapper YAML = new YAMLMapper();

  /**
   * An input line {@code {"advance_wall_clock": "PT1S"}} moves the driver's wall clock instead of
   * sending a record: the idle-key scan runs, closing windows of rules with an upper bound.
   */
  private static final String ADVANCE_WALL_CLOCK = "advance_wall_clock";

  @TempDir Path work;

  /** One expected alert, by the fields a Sigma author reasons about. */
  record Expected(String rule, String entity, String windowEnd) {
    static Expected of(JsonNode node) {
      return new Expected(
          node.path("rule").asText(),
          node.path("entity").asText(),
          node.path("window_end").asText());
    }
  }

  @TestFactory
  Stream<DynamicTest> everyCaseRaisesExactlyTheAlertsItExpects() throws IOException {
    Path root = resource("sigma-conformance");
    List<Path> cases;
    try (Stream<Path> dirs = Files.list(root)) {
      cases = dirs.filter(d -> Files.isRegularFile(d.resolve("case.yml"))).sorted().toList();
    }
    assertThat(cases).as("conformance cases").hasSizeGreaterThanOrEqualTo(20);
    return cases.stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> run(dir)));
  }

  private void run(Path dir) throws IOException {
    JsonNode spec = YAML.readTree(dir.resolve("case.yml").toFile());
    Path rules = Files.createDirectories(work.resolve(dir.getFileName().toString()));
    for (JsonNode file : spec.path("rules")) {
      Path source = dir.resolve(file.asText()).normalize();
      Files.copy(source, rules.resolve(source.getFileName().toString()));
    }
    List<Expected> expected = new ArrayList<>();
    spec.path("expect").forEach(e -> expected.add(Expected.of(e)));

    List<Expected> raised = new ArrayList<>();
    try (Replay replay = new Replay(FeedMappers.all(), new RuleLoader().load(Optional.of(rules)))) {
      int n = 0;
      for (String line : Files.readAllLines(dir.resolve("input.jsonl"))) {
        n++;
        if (line.isBlank() || line.startsWith("//")) {
          continue;
        }
        JsonNode directive = YAML.readTree(line).path(ADVANCE_WALL_CLOCK);
        if (directive.isTextual()) {
          replay.advanceWallClock(Duration.parse(directive.asText()));
          continue;
        }
        replay.pipe(n, line);
      }
      for (ObjectNode out : replay.drain()) {
        if (out.path("topic").asText().equals(Rule.Area.SIGMA.topic())) {
          raised.add(
              new Expected(
                  out.at("/value/rule/id").asText(),
                  out.at("/value/entity/value").asText(),
                  out.at("/value/window_end").asText()));
        }
      }
    }

    assertThat(raised).as(spec.path("shows").asText()).containsExactlyElementsOf(expected);
  }

  private static Path resource(String name) {
    try {
      return Path.of(
          Objects.requireNonNull(SigmaConformanceTest.class.getClassLoader().getResource(name))
              .toURI());
    } catch (URISyntaxException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
