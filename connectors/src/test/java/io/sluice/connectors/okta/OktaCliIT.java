package io.sluice.connectors.okta;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.cli.ConnectorCli;
import io.sluice.connectors.core.ExitCodes;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.sandbox.simulators.OktaSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code connector okta} as the launcher runs it: the exit code and the one line on stderr. */
@ExtendWith(SandboxExtension.class)
class OktaCliIT {
  private static final String WRONG_TOKEN = "00wrong-token-zzzzzzzzzzzzzzzzzzzzzzzzzz";

  private final EmbeddedKafka kafka;
  private final OktaSimulator okta =
      OktaSimulator.start(
          OktaItSupport.TOKEN,
          OktaEvents.benignLogins(3, 10, Instant.now().minusSeconds(600), Duration.ofSeconds(1)));
  private final StringWriter err = new StringWriter();

  OktaCliIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @AfterEach
  void stop() {
    okta.close();
  }

  @Test
  void shouldStopWithExitCode3AndSayWhichSecretToFixWhenOktaRejectsTheToken() {
    int exit = run(Map.of("OKTA_API_TOKEN", WRONG_TOKEN));

    assertThat(exit).isEqualTo(ExitCodes.VENDOR_REJECTED);
    assertThat(err.toString())
        .contains("okta.system-log: the vendor rejected the credentials")
        .contains("HTTP 401", "E0000011 Invalid token provided")
        .contains("OKTA_API_TOKEN or OKTA_API_TOKEN_FILE")
        .doesNotContain(WRONG_TOKEN);
    assertThat(okta.requestCount()).as("a 401 from a static token is not retried").isEqualTo(1);
  }

  @Test
  void shouldStopWithExitCode2WhenNoTokenIsConfigured() {
    int exit = run(Map.of());

    assertThat(exit).isEqualTo(ExitCodes.BAD_CONFIG);
    assertThat(err.toString()).contains("set OKTA_API_TOKEN or OKTA_API_TOKEN_FILE");
    assertThat(okta.requestCount()).isZero();
  }

  @Test
  void shouldStopWithExitCode2ForAnUnknownConnector() {
    CommandLine cli = ConnectorCli.commandLine(Map.of());
    cli.setErr(new PrintWriter(err, true));

    int exit = cli.execute("connector", "nosuchvendor");

    assertThat(exit).isEqualTo(ExitCodes.BAD_CONFIG);
    assertThat(err.toString()).contains("Unknown connector 'nosuchvendor'", "okta");
  }

  private int run(Map<String, String> env) {
    CommandLine cli = ConnectorCli.commandLine(env);
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(
        "connector",
        "okta",
        "--bootstrap-servers",
        kafka.bootstrapServers(),
        "--base-url",
        okta.baseUrl().toString(),
        "--connector-id",
        "okta-cli-it-" + System.nanoTime(),
        "--since",
        "1d",
        "--http-port",
        "-1");
  }
}
