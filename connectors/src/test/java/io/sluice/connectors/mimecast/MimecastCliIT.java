package io.sluice.connectors.mimecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.cli.ConnectorCli;
import io.sluice.connectors.core.ExitCodes;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.MimecastEvents;
import io.sluice.sandbox.simulators.MimecastSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code connector mimecast-…} as the launcher runs it: exit codes and the line on stderr. */
@ExtendWith(SandboxExtension.class)
class MimecastCliIT {
  private static final String WRONG_SECRET = "wrong-mimecast-secret-zzzzzzzzzz";

  private final EmbeddedKafka kafka;
  private final MimecastSimulator sim =
      MimecastSimulator.start(
          MimecastItSupport.CLIENT_ID,
          MimecastItSupport.CLIENT_SECRET,
          MimecastEvents.scenario(3, Instant.now().minusSeconds(3600), 10, 1, 5));
  private final StringWriter err = new StringWriter();

  MimecastCliIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mimecast-ttp-url", "mimecast-siem", "mimecast-audit"})
  void shouldStopWithExitCode3AndSayWhatToFixWhenMimecastRejectsTheClient(String connector) {
    int exit = run(connector, MimecastItSupport.env(WRONG_SECRET));

    assertThat(exit).isEqualTo(ExitCodes.VENDOR_REJECTED);
    assertThat(err.toString())
        .contains("the vendor rejected the credentials")
        .contains("/oauth/token did not issue a token (HTTP 401, invalid_client")
        .contains("MIMECAST_CLIENT_ID and MIMECAST_CLIENT_SECRET")
        .doesNotContain(WRONG_SECRET);
    assertThat(sim.requestCount()).as("only the token request, never retried").isEqualTo(1);
  }

  @org.junit.jupiter.api.Test
  void shouldStopSeveralFeedsOfOneApplicationWithExitCode3WhenMimecastRejectsTheClient() {
    int exit =
        run("mimecast", MimecastItSupport.env(WRONG_SECRET), "--feeds", "ttp-url,audit,siem");

    assertThat(exit).isEqualTo(ExitCodes.VENDOR_REJECTED);
    assertThat(err.toString())
        .contains("the vendor rejected the credentials")
        .contains("MIMECAST_CLIENT_ID and MIMECAST_CLIENT_SECRET")
        .doesNotContain(WRONG_SECRET);
  }

  @org.junit.jupiter.api.Test
  void shouldStopWithExitCode2WhenAFeedNameIsUnknown() {
    int exit =
        run(
            "mimecast",
            MimecastItSupport.env(MimecastItSupport.CLIENT_SECRET),
            "--feeds",
            "ttp-url,nonsense");

    assertThat(exit).isEqualTo(ExitCodes.BAD_CONFIG);
    assertThat(err.toString()).contains("unknown feed 'nonsense'", "ttp-url, ttp-attachment");
    assertThat(sim.requestCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"mimecast-ttp-url", "mimecast-siem"})
  void shouldStopWithExitCode2WhenNoClientSecretIsConfigured(String connector) {
    int exit =
        run(connector, Map.of(MimecastConnectorFactory.CLIENT_ID_ENV, MimecastItSupport.CLIENT_ID));

    assertThat(exit).isEqualTo(ExitCodes.BAD_CONFIG);
    assertThat(err.toString())
        .contains("set MIMECAST_CLIENT_SECRET or MIMECAST_CLIENT_SECRET_FILE");
    assertThat(sim.requestCount()).isZero();
  }

  private int run(String connector, Map<String, String> env, String... more) {
    CommandLine cli = ConnectorCli.commandLine(env);
    cli.setErr(new PrintWriter(err, true));
    List<String> arguments = new ArrayList<>(List.of("connector", connector));
    arguments.addAll(List.of(more));
    arguments.addAll(
        List.of(
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--base-url",
            sim.baseUrl().toString(),
            "--connector-id",
            "mc-cli-it-" + System.nanoTime(),
            "--since",
            "1d",
            "--http-port",
            "-1"));
    return cli.execute(arguments.toArray(String[]::new));
  }
}
