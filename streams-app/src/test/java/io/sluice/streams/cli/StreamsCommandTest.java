package io.sluice.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What ./sluice says before it touches Kafka. */
class StreamsCommandTest {

  @Test
  void shouldRefuseToStartWithoutASchemaRegistryInOneLine() {
    StringWriter err = new StringWriter();
    CommandLine cli = StreamsCli.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("streams", "--bootstrap-servers", "127.0.0.1:1");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString())
        .contains("schema.registry.url is not set")
        .contains("SLUICE_SCHEMA_REGISTRY_URL");
  }

  @Test
  void shouldStartWithAnExplicitInMemoryRegistryOnlyWhenAskedFor() {
    StringWriter err = new StringWriter();
    CommandLine cli = StreamsCli.commandLine();
    cli.setErr(new PrintWriter(err, true));

    // mem:// is accepted when given; the broker address is what fails here, named in the message
    int code =
        cli.execute(
            "streams",
            "--bootstrap-servers",
            "127.0.0.1:1",
            "--schema-registry",
            "mem://trial",
            "--set",
            "kafka.default.api.timeout.ms=2000",
            "--set",
            "kafka.request.timeout.ms=1000",
            "--set",
            "http.port=0");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .doesNotContain("schema.registry.url is not set")
        .contains("127.0.0.1:1");
  }

  @Test
  void shouldPrintTheVersionOnEverySubcommand() {
    for (String[] args :
        new String[][] {
          {"--version"},
          {"streams", "--version"},
          {"topics", "check", "--version"},
          {"schemas", "register", "--version"}
        }) {
      StringWriter out = new StringWriter();
      CommandLine cli = StreamsCli.commandLine();
      cli.setOut(new PrintWriter(out, true));

      assertThat(cli.execute(args)).isZero();
      assertThat(out.toString()).as(String.join(" ", args)).startsWith("sluice ");
    }
  }
}
