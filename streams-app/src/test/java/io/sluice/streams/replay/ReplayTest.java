package io.sluice.streams.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.cli.StreamsCli;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.topology.TopologyOptions;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");

  private static String line(ObjectNode vendorRecord) {
    ObjectNode line = JSON.createObjectNode();
    line.put("topic", "raw.okta.system-log");
    line.set("value", vendorRecord);
    return line.toString();
  }

  private static String burstFile() {
    List<String> lines = new ArrayList<>();
    lines.add("{\"topic\":\"raw.okta.system-log\",\"value_text\":\"this is not json\"}");
    for (int i = 0; i < 10; i++) {
      lines.add(
          line(OktaEvents.failedLogin("ann@corp.example", NOON.plus(Duration.ofSeconds(30L * i)))));
    }
    return String.join("\n", lines) + "\n";
  }

  /** Runs a command with System.out captured, so CLI tests do not print replay output. */
  private static int quietly(java.util.function.IntSupplier command) {
    PrintStream original = System.out;
    try {
      System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      return command.getAsInt();
    } finally {
      System.setOut(original);
    }
  }

  private static List<JsonNode> replay(String input) throws IOException {
    return replay(input, TopologyOptions.defaults());
  }

  private static List<JsonNode> replay(String input, TopologyOptions options) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Replay replay =
            new Replay(FeedMappers.all(), new RuleLoader().load(Optional.empty()), options);
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      replay.run(new BufferedReader(new StringReader(input)), out);
    }
    List<JsonNode> records = new ArrayList<>();
    for (String l : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!l.isBlank()) {
        records.add(JSON.readTree(l));
      }
    }
    return records;
  }

  @Test
  void shouldPrintCanonicalRecordsDeadLettersAndTheAlertAsJsonLines() throws IOException {
    List<JsonNode> out = replay(burstFile());

    assertThat(out)
        .extracting(n -> n.get("topic").asText())
        .containsExactly(
            "sluice.dlq",
            "canonical.authentication",
            "canonical.authentication",
            "canonical.authentication",
            "canonical.authentication",
            "canonical.authentication",
            "canonical.authentication",
            "canonical.authentication",
            "canonical.authentication",
            "canonical.authentication",
            "canonical.authentication",
            "alerts.authentication");
    JsonNode dlq = out.get(0);
    assertThat(dlq.get("value_text").asText()).isEqualTo("this is not json");
    assertThat(dlq.at("/headers/sluice.reason").asText()).isEqualTo("not_json");
    assertThat(dlq.at("/headers/sluice.source").asText()).isEqualTo("okta.system-log");
    assertThat(dlq.at("/headers/__streams.errors.topic").asText()).isEqualTo("raw.okta.system-log");
    assertThat(dlq.at("/headers/__streams.errors.offset").asText()).isEqualTo("0");

    JsonNode auth = out.get(1);
    assertThat(auth.get("key").asText()).isEqualTo("ann@corp.example");
    assertThat(auth.get("timestamp").asText()).isEqualTo("2024-05-02T12:00:00Z");
    assertThat(auth.at("/value/status").asText()).isEqualTo("FAILURE");
    assertThat(auth.at("/value/user/name").asText()).isEqualTo("ann@corp.example");
    assertThat(auth.at("/value/metadata/time").asText()).isEqualTo("2024-05-02T12:00:00Z");
    assertThat(auth.at("/value/src_geo/city").asText()).isEqualTo("Dublin");

    JsonNode alert = out.get(11);
    assertThat(alert.at("/value/rule/id").asText()).isEqualTo("auth.failed-login-burst");
    assertThat(alert.at("/value/event_count").asInt()).isEqualTo(10);
    assertThat(alert.at("/value/window_end").asText()).isEqualTo("2024-05-02T12:04:30Z");
  }

  @Test
  void shouldReplayEveryFeed() throws IOException {
    String mixed = Files.readString(Path.of("src/test/resources/mixed/all-feeds.jsonl"));

    List<JsonNode> out = replay(mixed);

    assertThat(out)
        .extracting(n -> n.at("/value/metadata/source").asText())
        .filteredOn(s -> !s.isEmpty())
        .contains(
            "mimecast.ttp-url",
            "mimecast.ttp-attachment",
            "mimecast.ttp-impersonation",
            "mimecast.audit",
            "mimecast.dlp",
            "mimecast.siem",
            "okta.system-log",
            "entra.signins",
            "crowdstrike.alerts");
    assertThat(out)
        .filteredOn(n -> n.get("topic").asText().equals("sluice.dlq"))
        .extracting(n -> n.at("/headers/sluice.source").asText())
        .contains("mimecast.ttp-url", "okta.system-log", "crowdstrike.alerts", "mimecast.dlp");
  }

  @Test
  void shouldGiveTheSameAlertIdOnEveryReplay() throws IOException {
    String first = replay(burstFile()).get(11).at("/value/alert_id").asText();
    String second = replay(burstFile()).get(11).at("/value/alert_id").asText();

    assertThat(first).hasSize(32).isEqualTo(second);
  }

  @Test
  void shouldSendInvalidUtf8FromValueTextToTheDlq() throws IOException {
    List<JsonNode> out =
        replay(
            "{\"topic\":\"raw.okta.system-log\",\"value_text\":\"{\\\"a\\\":\\\"\\ud800\\\"}\"}\n");

    assertThat(out)
        .singleElement()
        .satisfies(n -> assertThat(n.at("/headers/sluice.reason").asText()).isEqualTo("not_utf8"));
  }

  @Test
  void shouldStopWithTheLineNumberOnABadInputLine() {
    String input = burstFile() + "{\"topic\":\"raw.unknown\",\"value\":{}}\n";

    assertThatThrownBy(() -> replay(input))
        .isInstanceOf(ReplayInputException.class)
        .hasMessageStartingWith("line 12: unknown topic 'raw.unknown'");
  }

  @Test
  void shouldExitWithCodeTwoAndTheLineNumberFromTheCommandLine(@TempDir Path dir)
      throws IOException {
    Path input = dir.resolve("bad.jsonl");
    Files.writeString(
        input, line(OktaEvents.failedLogin("ann@corp.example", NOON)) + "\nnot json at all\n");
    StringWriter err = new StringWriter();
    CommandLine cli = StreamsCli.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit = quietly(() -> cli.execute("replay", "--input", input.toString()));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("line 2: not a JSON object");
  }

  @Test
  void shouldExitWithCodeTwoNamingTheFileForABadRuleDirectory(@TempDir Path dir)
      throws IOException {
    Files.writeString(dir.resolve("broken.yaml"), "rules:\n  - id: x.y\n    threshold: 0\n");
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "");
    StringWriter err = new StringWriter();
    CommandLine cli = StreamsCli.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("replay", "--input", input.toString(), "--rules", dir.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("broken.yaml: rule 'x.y': key 'threshold': must be at least 1, got 0");
  }

  /** Ten failures of the CFO: a burst, escalated only if the CFO is a VIP when it is decided. */
  private static String cfoBurst(String before) {
    List<String> lines = new ArrayList<>();
    if (before != null) {
      lines.add(before);
    }
    for (int i = 0; i < 10; i++) {
      lines.add(
          line(OktaEvents.failedLogin("cfo@corp.example", NOON.plus(Duration.ofSeconds(30L * i)))));
    }
    return String.join("\n", lines) + "\n";
  }

  private static List<String> burstSeverities(List<JsonNode> records) {
    return records.stream()
        .filter(r -> r.get("topic").asText().equals("alerts.authentication"))
        .filter(
            r -> r.get("value").get("rule").get("id").asText().equals("auth.failed-login-burst"))
        .map(r -> r.get("value").get("severity").asText())
        .toList();
  }

  @Test
  void shouldTakeVipListLinesInItsInputWhateverTheCaseTyped() throws IOException {
    String vip =
        "{\"topic\":\"reference.vip-users\",\"key\":\"CFO@Corp.Example\","
            + "\"value\":{\"title\":\"CFO\"}}";

    assertThat(burstSeverities(replay(cfoBurst(vip)))).containsExactly("HIGH");
    // the twin: without the VIP line the same burst is not escalated
    assertThat(burstSeverities(replay(cfoBurst(null)))).containsExactly("MEDIUM");
  }

  @Test
  void shouldRemoveAVipOnANullValueLine() throws IOException {
    String added = "{\"topic\":\"reference.vip-users\",\"key\":\"cfo@corp.example\",\"value\":{}}";
    String removed =
        "{\"topic\":\"reference.vip-users\",\"key\":\"cfo@corp.example\",\"value\":null}";

    assertThat(burstSeverities(replay(cfoBurst(added + "\n" + removed)))).containsExactly("MEDIUM");
  }

  @Test
  void shouldTakeAVipFileFromTheCommandLine(@TempDir Path dir) throws IOException {
    Path input = dir.resolve("burst.jsonl");
    Files.writeString(input, cfoBurst(null));
    Path vips = dir.resolve("vips.txt");
    Files.writeString(vips, "# executives\nCFO@corp.example\n\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      exit =
          StreamsCli.commandLine()
              .execute("replay", "--input", input.toString(), "--vip", vips.toString());
    } finally {
      System.setOut(original);
    }

    assertThat(exit).isZero();
    List<JsonNode> records = new ArrayList<>();
    for (String l : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      if (!l.isBlank()) {
        records.add(JSON.readTree(l));
      }
    }
    assertThat(burstSeverities(records)).containsExactly("HIGH");
  }

  @Test
  void shouldStopWithTheLineNumberOnAVipLineWithoutAKey() {
    String bad = "{\"topic\":\"reference.vip-users\",\"value\":{}}";

    assertThatThrownBy(() -> replay(bad + "\n"))
        .isInstanceOf(ReplayInputException.class)
        .hasMessageContaining("line 1")
        .hasMessageContaining("needs a \"key\"");
  }

  // --- the shapes met in production (vendor fidelity) ---

  private static final Path FIDELITY = Path.of("src/test/resources/replay/vendor-fidelity.jsonl");

  private static List<JsonNode> on(List<JsonNode> out, String topic) {
    return out.stream().filter(n -> n.get("topic").asText().equals(topic)).toList();
  }

  private static List<JsonNode> from(List<JsonNode> out, String topic, String source) {
    return on(out, topic).stream()
        .filter(n -> n.at("/value/metadata/source").asText().equals(source))
        .toList();
  }

  @Test
  void shouldMapEveryShapeOfTheFidelityFileWithoutADeadLetter() throws IOException {
    List<JsonNode> out = replay(Files.readString(FIDELITY));

    assertThat(on(out, "sluice.dlq")).isEmpty();
    // 22 vendor lines, of which one Entra envelope holds two sign-ins and one Okta line two events
    assertThat(out).filteredOn(n -> n.get("topic").asText().startsWith("canonical.")).hasSize(24);
  }

  @Test
  void shouldFanTheEntraEnvelopeOutIntoOneSignInPerRecord() throws IOException {
    List<JsonNode> entra =
        from(replay(Files.readString(FIDELITY)), "canonical.authentication", "entra.signins");

    assertThat(entra)
        .extracting(n -> n.get("key").asText())
        .containsExactly("jdoe@corp.example", "bob@corp.example", "cid@corp.example");
    assertThat(entra)
        .extracting(n -> n.at("/value/metadata/unmapped/raw_ref.index").asText(null))
        .containsExactly("0", "1", null);
    assertThat(entra.get(0).at("/value/metadata/raw_ref/offset"))
        .isEqualTo(entra.get(1).at("/value/metadata/raw_ref/offset"));
    assertThat(entra.get(0).at("/value/metadata/event_id"))
        .isNotEqualTo(entra.get(1).at("/value/metadata/event_id"));
  }

  @Test
  void shouldKeyTheCrowdStrikeLeadByItsHost() throws IOException {
    List<JsonNode> findings =
        from(replay(Files.readString(FIDELITY)), "canonical.finding", "crowdstrike.alerts");

    assertThat(findings)
        .filteredOn(n -> n.at("/value/finding_type").asText().equals("automated_lead"))
        .singleElement()
        .satisfies(lead -> assertThat(lead.get("key").asText()).isEqualTo("ws-1175"));
  }

  @Test
  void shouldPutOnePersonsFalconAlertAndOktaFailuresUnderOneKeyOnceTheAliasIsLoaded()
      throws IOException {
    List<JsonNode> out = replay(Files.readString(FIDELITY));

    JsonNode alert =
        from(out, "canonical.finding", "crowdstrike.alerts").stream()
            .filter(n -> n.at("/value/finding_type").asText().equals("endpoint_detection"))
            .findFirst()
            .orElseThrow();
    List<JsonNode> failures =
        from(out, "canonical.authentication", "okta.system-log").stream()
            .filter(n -> n.at("/value/status").asText().equals("FAILURE"))
            .toList();
    assertThat(alert.get("key").asText()).isEqualTo("jdoe@corp.example");
    assertThat(alert.at("/value/metadata/unmapped/identity.user").asText()).isEqualTo("jdoe");
    assertThat(failures)
        .hasSize(5)
        .extracting(n -> n.get("key").asText())
        .containsOnly("jdoe@corp.example");
  }

  @Test
  void shouldLeaveTheFalconAlertUnderTheBareNameWithoutTheAlias() throws IOException {
    String withoutAlias =
        Files.readString(FIDELITY).lines().skip(1).reduce("", (a, b) -> a + b + "\n");

    List<JsonNode> findings = from(replay(withoutAlias), "canonical.finding", "crowdstrike.alerts");

    assertThat(findings)
        .filteredOn(n -> n.at("/value/finding_type").asText().equals("endpoint_detection"))
        .extracting(n -> n.get("key").asText())
        .containsExactly("jdoe");
  }

  @Test
  void shouldJoinTheBareNameThroughTheDefaultDomainInstead() throws IOException {
    String withoutAlias =
        Files.readString(FIDELITY).lines().skip(1).reduce("", (a, b) -> a + b + "\n");

    List<JsonNode> findings =
        from(
            replay(
                withoutAlias, TopologyOptions.defaults().withIdentityDefaultDomain("corp.example")),
            "canonical.finding",
            "crowdstrike.alerts");

    assertThat(findings)
        .filteredOn(n -> n.at("/value/finding_type").asText().equals("endpoint_detection"))
        .extracting(n -> n.get("key").asText())
        .containsExactly("jdoe@corp.example");
  }

  @Test
  void shouldRefuseAReferenceLineWithoutAKey() {
    String line = "{\"topic\":\"reference.identities\",\"value_text\":\"x@corp.example\"}";

    assertThatThrownBy(() -> replay(line))
        .isInstanceOf(ReplayInputException.class)
        .hasMessageContaining("needs a \"key\"");
  }
}
