package io.sluice.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code sluice demo} end to end, as a newcomer runs it: simulators, connectors over HTTP, broker,
 * registry and streams app in one process; every built-in rule prints an alert line, the summary
 * adds up, and the command exits 0. The demo bounds itself with {@code --timeout}, so the test
 * needs no waiting of its own.
 */
class DemoIT {
  private static final Pattern COUNTS =
      Pattern.compile("raw=(\\d+) canonical=(\\d+) dead-lettered=(\\d+) duplicates=(\\d+)");

  private static int exit;
  private static String out;

  @BeforeAll
  static void runTheDemo() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = new CommandLine(new SandboxCli()).execute("demo", "--timeout", "150s");
    } finally {
      System.setOut(original);
    }
    out = captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldExitZeroOnceEveryExpectedRuleFired() {
    assertThat(exit).as(out).isZero();
    assertThat(out).contains("every expected rule fired");
  }

  @Test
  void shouldPrintAnAlertLineForEveryExpectedRule() {
    List<String> alerts = out.lines().filter(l -> l.startsWith("ALERT ")).toList();

    assertThat(DemoCommand.EXPECTED_RULES)
        .allSatisfy(rule -> assertThat(alerts).as(out).anyMatch(l -> l.contains(" " + rule + " ")));
  }

  @Test
  void shouldCorrelateTheClickInMimecastWithTheLoginInOkta() {
    assertThat(out.lines())
        .as(out)
        .anyMatch(
            l ->
                l.contains("correlated.click-then-login")
                    && l.contains("user.name=carla@corp.example")
                    && l.contains("mimecast.ttp-url")
                    && l.contains("okta.system-log"));
  }

  @Test
  void shouldRaiseTheImpersonationAlertForTheCfoFromTheVipList() {
    assertThat(out.lines())
        .as(out)
        .anyMatch(l -> l.contains("email.vip-impersonation") && l.contains("cfo@corp.example"));
  }

  @Test
  void shouldAccountForEveryRawRecordInTheSummary() {
    Matcher counts = COUNTS.matcher(out);
    assertThat(counts.find()).as(out).isTrue();
    long raw = Long.parseLong(counts.group(1));
    long canonical = Long.parseLong(counts.group(2));
    long deadLettered = Long.parseLong(counts.group(3));
    long duplicates = Long.parseLong(counts.group(4));

    assertThat(raw).as(out).isPositive().isEqualTo(canonical + deadLettered + duplicates);
    assertThat(deadLettered).as("the Okta event without an actor").isGreaterThanOrEqualTo(1);
    assertThat(out).contains("missing_field:actor");
    assertThat(out).contains("raw.okta.system-log").contains("raw.mimecast.ttp-url");
  }

  @Test
  void shouldListTheRiskiestUsersFromTheRiskApi() {
    assertThat(out).contains("/api/users/risk?top=5").contains("1. ");
  }
}
