package io.sluice.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sluice demo} end to end, as a newcomer runs it: exit 0 and one readable alert line. */
class DemoIT {

  @Test
  void shouldPrintTheBruteForceAlertAndExitZero() {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      exit = new CommandLine(new SandboxCli()).execute("demo", "--timeout", "90s");
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);

    assertThat(exit).as(out).isZero();
    assertThat(out.lines().filter(l -> l.startsWith("ALERT ")))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("auth.failed-login-burst")
                    .contains("user.name=ann@corp.example")
                    .contains("10 events")
                    .contains("sources=okta.system-log"));
    assertThat(out).contains("raw=41 canonical=40 dead-lettered=1");
  }
}
