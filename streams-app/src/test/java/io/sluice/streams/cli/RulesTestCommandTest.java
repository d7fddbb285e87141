package io.sluice.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.testing.StandardOut;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./sluice rules test}: the backtest's report and exit codes, through picocli as a user runs
 * it — 0 when every expectation holds, 1 when one does not (naming it), 2 for a bad rule file or
 * expectation (naming file and key).
 */
class RulesTestCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2024-05-02T20:00:00Z");
  private static final String CORRELATION_ID = "5f0a3e0c-7d0e-4c1a-9b4e-2a6f3c9d1e01";
  private static final String LOCKED_OUT_ID = "14701da0-4b0f-4ee6-9c95-2ffb4e73bb9a";

  @TempDir Path dir;
  private Path input;
  private final StringWriter err = new StringWriter();

  /** Our threshold rule, with its expectations in a sidecar file. */
  private static final String BURST =
      """
      rules:
        - id: test.three-failures
          name: Three failed logons
          type: threshold
          input: authentication
          area: authentication
          severity: low
          where: {status: FAILURE}
          group_by: [user.name]
          threshold: 3
          window: 10m
      """;

  /** A Sigma detection rule and an event_count correlation, expectations written inline. */
  private static final String SIGMA =
      """
      title: Okta failed sign-in
      id: 5f0a3e0c-7d0e-4c1a-9b4e-2a6f3c9d1e00
      name: okta_failed_sign_in
      logsource: {product: okta, service: okta}
      detection:
        selection:
          eventType: user.session.start
          outcome.result: FAILURE
        condition: selection
      ---
      title: Three Okta failed sign-ins of one account
      id: %s
      correlation:
        type: event_count
        rules: [okta_failed_sign_in]
        group-by: [actor.alternateId]
        timespan: 10m
        condition: {gte: 3}
      level: high
      expect:
        - {entity: ann@corp.example, alerts: 1}
        - {entity: bob@corp.example, alerts: 0}
      ---
      title: Okta User Account Locked Out
      id: %s
      logsource: {product: okta, service: okta}
      detection:
        selection:
          displayMessage: Max sign in attempts exceeded
        condition: selection
      expect:
        - {min_alerts: 1}
      """
          .formatted(CORRELATION_ID, LOCKED_OUT_ID);

  @BeforeEach
  void savedLogs() throws IOException {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      lines.add(okta(OktaEvents.failedLogin("ann@corp.example", T0.plusSeconds(60L * i))));
    }
    for (int i = 0; i < 2; i++) {
      lines.add(okta(OktaEvents.failedLogin("bob@corp.example", T0.plusSeconds(30L * i))));
    }
    ObjectNode locked = OktaEvents.adminEvent("carl@corp.example", T0.plusSeconds(200));
    locked.put("eventType", "user.account.lock");
    locked.put("displayMessage", "Max sign in attempts exceeded");
    lines.add(okta(locked));
    input = dir.resolve("okta.jsonl");
    Files.write(input, lines);
    Files.createDirectory(dir.resolve("rules"));
  }

  private static String okta(ObjectNode event) {
    ObjectNode line = JSON.createObjectNode();
    line.put("topic", "raw.okta.system-log");
    line.set("value", event);
    return line.toString();
  }

  private Path rules(String file, String text) throws IOException {
    Path rules = dir.resolve("rules");
    Files.writeString(rules.resolve(file), text);
    return rules;
  }

  private StandardOut.Captured test(String... extra) {
    CommandLine cli = StreamsCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    List<String> args = new ArrayList<>(List.of("rules", "test"));
    args.addAll(List.of(extra));
    return StandardOut.capture(() -> cli.execute(args.toArray(String[]::new)));
  }

  private void expectationsMetByTheSavedLogs() throws IOException {
    rules("burst.yaml", BURST);
    rules(
        "burst.expect.yml",
        """
        test.three-failures:
          - {entity: ann@corp.example, alerts: 1}
          - {entity: bob@corp.example, alerts: 0}
        """);
    rules("okta.yml", SIGMA);
  }

  @Test
  void shouldPrintWhatFiredAndExitZeroWhenEveryExpectationHolds() throws IOException {
    expectationsMetByTheSavedLogs();

    StandardOut.Captured run = test(dir.resolve("rules").toString(), "--input", input.toString());

    assertThat(run.exitCode()).as(run.text() + err).isZero();
    assertThat(run.text())
        .contains("test.three-failures")
        .contains(CORRELATION_ID)
        .contains(LOCKED_OUT_ID)
        .contains("ann@corp.example")
        .contains("2024-05-02T20:02:00Z")
        .contains("expectations: 5 met, 0 not met")
        .doesNotContain("NOT MET");
  }

  @Test
  void shouldExitOneNamingTheExpectationThatIsNotMet() throws IOException {
    expectationsMetByTheSavedLogs();
    rules(
        "burst.expect.yml",
        """
        test.three-failures:
          - {entity: ann@corp.example, alerts: 1}
          - {entity: bob@corp.example, min_alerts: 1}
        """);

    StandardOut.Captured run = test(dir.resolve("rules").toString(), "--input", input.toString());

    assertThat(run.exitCode()).as(run.text() + err).isEqualTo(1);
    assertThat(run.text())
        .contains("expectations: 4 met, 1 not met")
        .contains(
            "NOT MET "
                + dir.resolve("rules/burst.expect.yml")
                + ": rule 'test.three-failures': test.three-failures[2]: expected at least 1 alert for"
                + " 'bob@corp.example', fired 0");
  }

  @Test
  void shouldExitOneWhenAnInlineSigmaExpectationIsNotMet() throws IOException {
    rules("okta.yml", SIGMA.replace("{entity: bob@corp.example, alerts: 0}", "{alerts: 2}"));

    StandardOut.Captured run =
        test(dir.resolve("rules").toString(), "--input", input.toString(), "--no-builtin");

    assertThat(run.exitCode()).as(run.text() + err).isEqualTo(1);
    assertThat(run.text())
        .contains("NOT MET")
        .contains("rule '" + CORRELATION_ID + "': expect[2]")
        .contains("expected 2 alerts in all, fired 1");
  }

  @Test
  void shouldExitTwoNamingFileRuleAndKeyOfABadSigmaRule() throws IOException {
    Path rules =
        rules(
            "okta.yml", SIGMA.replace("outcome.result: FAILURE", "outcome.result|containz: FAIL"));

    StandardOut.Captured run = test(rules.toString(), "--input", input.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(err.toString())
        .contains(rules.resolve("okta.yml").toString())
        .contains("rule '5f0a3e0c-7d0e-4c1a-9b4e-2a6f3c9d1e00'")
        .contains("key 'detection.selection.outcome.result|containz'")
        .contains("unknown modifier 'containz'");
    assertThat(run.text()).doesNotContain("expectations:");
  }

  @Test
  void shouldExitTwoNamingFileAndKeyOfABadExpectation() throws IOException {
    Path rules =
        rules(
            "burst.yaml", BURST.replace("window: 10m", "window: 10m\n    expect: [{alerts: -1}]"));

    StandardOut.Captured run = test(rules.toString(), "--input", input.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            rules.resolve("burst.yaml")
                + ": rule 'test.three-failures': key 'expect[1].alerts': must be a whole number");
  }

  @Test
  void shouldExitTwoWhenAnExpectationNamesARuleThatDoesNotRun() throws IOException {
    Path rules = rules("burst.yaml", BURST);
    rules("burst.expect.yml", "auth.failed-login-burst: [{alerts: 0}]\n");

    StandardOut.Captured run = test(rules.toString(), "--input", input.toString(), "--no-builtin");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(err.toString())
        .contains("rule 'auth.failed-login-burst'")
        .contains("no rule with this id raises alerts in this run");
  }

  @Test
  void shouldMeetAnExpectationOnABuiltInRuleWhenThePackRuns() throws IOException {
    Path rules = rules("burst.yaml", BURST);
    rules("burst.expect.yml", "auth.failed-login-burst: [{alerts: 0}]\n");

    StandardOut.Captured run = test(rules.toString(), "--input", input.toString());

    assertThat(run.exitCode()).as(run.text() + err).isZero();
    assertThat(run.text()).contains("expectations: 1 met, 0 not met");
  }

  @Test
  void shouldExitTwoForAnInputFileThatDoesNotExist() throws IOException {
    Path rules = rules("burst.yaml", BURST);

    StandardOut.Captured run = test(rules.toString(), "--input", dir.resolve("nope").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(err.toString()).contains("--input: no such file");
  }
}
