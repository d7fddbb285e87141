package io.sluice.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sluice demo}'s flags, checked before anything starts. */
class DemoCommandTest {
  @Test
  void shouldRefuseAnAttackIntervalThatIsNotAPositiveDurationNamingTheFlag() {
    for (String bad : new String[] {"soon", "0s", "-5s"}) {
      StringWriter err = new StringWriter();
      CommandLine cli = new CommandLine(new SandboxCli()).setErr(new PrintWriter(err));

      int exit = cli.execute("demo", "--follow", "--attack-interval", bad);

      assertThat(exit).as(bad).isEqualTo(2);
      assertThat(err.toString()).contains("--attack-interval").contains(bad);
    }
  }
}
