package io.sluice.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.sandbox.harness.ConfluentPython;
import io.sluice.streams.detect.Rule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice demo --follow} as its own process, as a user runs it: it writes the endpoints file;
 * while it runs, Confluent's own Python client (Debian's python3-confluent-kafka, which no one here
 * wrote) finds broker and registry in that file and decodes the Avro alerts through the registry's
 * Confluent API, every rule's alert from the scenario and again from a repetition of the attacks;
 * the demo prints the views, progress lines and each alert once; Ctrl-C (SIGINT) ends it with 0
 * within 10 s, with nothing on standard error that looks like a stack trace.
 */
class DemoFollowIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Process demo;
  private Process consumer;

  @AfterEach
  void stop() throws InterruptedException {
    if (consumer != null) {
      consumer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    SandboxProcess.stop(demo);
  }

  @Test
  void shouldRepeatTheAttacksForAnOutsideConsumerUntilCtrlC() throws Exception {
    Path python = ConfluentPython.require();
    Path endpointsFile = dir.resolve("endpoints.json");
    Path output = dir.resolve("demo.out");
    Path errors = dir.resolve("demo.err");
    demo =
        SandboxProcess.start(
            output,
            errors,
            "demo",
            "--follow",
            "--attack-interval",
            "20s",
            "--endpoints-file",
            endpointsFile.toString());

    await("the endpoints file")
        .atMost(Duration.ofSeconds(150))
        .pollInterval(Duration.ofMillis(200))
        .failFast("the demo exited", () -> !demo.isAlive())
        .until(() -> Files.exists(endpointsFile));
    JsonNode endpoints = JSON.readTree(endpointsFile.toFile());
    assertThat(endpoints.path("schema_registry_url").asText()).startsWith("http://127.0.0.1:");
    assertThat(endpoints.path("metrics_urls")).hasSize(10);

    List<JsonNode> alerts = followWithConfluentsClient(python, endpointsFile);

    Map<String, Set<String>> idsByRule = new TreeMap<>();
    alerts.forEach(
        a ->
            idsByRule
                .computeIfAbsent(a.path("rule").asText(), r -> new TreeSet<>())
                .add(a.path("alert_id").asText()));
    assertThat(idsByRule.keySet()).containsAll(DemoCommand.EXPECTED_RULES);
    assertThat(DemoCommand.EXPECTED_RULES)
        .as("every rule fired again on a repetition, as a new alert")
        .allSatisfy(rule -> assertThat(idsByRule.get(rule)).hasSizeGreaterThanOrEqualTo(2));
    assertThat(alerts)
        .as("the scenario's burst on ann, and a repetition's on an account of its own")
        .anyMatch(a -> entityOf(a, "auth.failed-login-burst").equals("ann@corp.example"))
        .anyMatch(
            a -> entityOf(a, "auth.failed-login-burst").matches("ann@r\\d+\\.corp\\.example"));

    String log = Files.readString(output);
    assertThat(log)
        .contains("http://127.0.0.1:" + uiPort(endpoints) + "/clicks")
        .contains("/pipeline")
        .contains("round 1 of the scripted attacks")
        .containsPattern("sluice demo: raw .*okta\\.system-log=\\d+.* canonical=\\d+ dlq=\\d+");
    List<String> alertLines = log.lines().filter(l -> l.startsWith("ALERT ")).toList();
    assertThat(alertLines).as("each alert printed once").doesNotHaveDuplicates();

    long stopAsked = System.nanoTime();
    assertThat(new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor())
        .isZero();
    boolean stopped = demo.waitFor(10, TimeUnit.SECONDS);
    assertThat(stopped).as("stopped within 10 s; %s", tail(output)).isTrue();
    Duration stopping = Duration.ofNanos(System.nanoTime() - stopAsked);
    assertThat(demo.exitValue()).as(Files.readString(errors)).isZero();
    assertThat(stopping).isLessThan(Duration.ofSeconds(10));
    assertThat(Files.readString(output)).containsPattern("sluice demo: stopped in \\d+\\.\\d s");
    assertThat(Files.readString(errors)).doesNotContain("Exception", "\tat ");
  }

  /** Runs the Python consumer until it has two alerts of every rule; returns what it printed. */
  private List<JsonNode> followWithConfluentsClient(Path python, Path endpointsFile)
      throws Exception {
    Path script = Path.of("src/test/resources/interop/follow_alerts.py").toAbsolutePath();
    Path out = dir.resolve("python.out");
    Path err = dir.resolve("python.err");
    List<String> command =
        new ArrayList<>(
            List.of(
                python.toString(),
                script.toString(),
                endpointsFile.toString(),
                "180",
                "2",
                Arrays.stream(Rule.Area.values())
                    .map(Rule.Area::topic)
                    .collect(Collectors.joining(","))));
    command.addAll(DemoCommand.EXPECTED_RULES);
    consumer =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(consumer.waitFor(200, TimeUnit.SECONDS)).as("python consumer finished").isTrue();
    assertThat(demo.isAlive()).as("the demo still runs").isTrue();
    assertThat(consumer.exitValue()).as("python exit; stderr: %s", Files.readString(err)).isZero();
    List<JsonNode> alerts = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      alerts.add(JSON.readTree(line));
    }
    return alerts;
  }

  private static String tail(Path output) throws java.io.IOException {
    List<String> lines = Files.readAllLines(output);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }

  private static String entityOf(JsonNode alert, String rule) {
    return alert.path("rule").asText().equals(rule) ? alert.path("entity").asText() : "";
  }

  private static String uiPort(JsonNode endpoints) {
    return endpoints.path("ui_url").asText().replaceAll("^http://127\\.0\\.0\\.1:(\\d+)/$", "$1");
  }
}
