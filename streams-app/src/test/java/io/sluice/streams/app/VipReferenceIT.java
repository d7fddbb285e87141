package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.streams.cli.StreamsCli;
import io.sluice.streams.topology.Topics;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Loading {@code reference.vip-users} the two documented ways: the CLI and Kafka's own producer.
 */
@ExtendWith(SandboxExtension.class)
class VipReferenceIT {

  @Test
  void shouldAddListAndRemoveVipsWithTheCli(EmbeddedKafka kafka) {
    kafka.createCompactedTopic(Topics.VIP_USERS, 1);
    String bootstrap = kafka.bootstrapServers();

    assertThat(
            StreamsCli.commandLine()
                .execute(
                    "vip",
                    "add",
                    "CEO@Corp.Example",
                    "--title",
                    "CEO",
                    "--bootstrap-servers",
                    bootstrap))
        .isZero();
    assertThat(
            StreamsCli.commandLine()
                .execute("vip", "add", "cfo@corp.example", "--bootstrap-servers", bootstrap))
        .isZero();
    assertThat(
            StreamsCli.commandLine()
                .execute("vip", "remove", "cfo@corp.example", "--bootstrap-servers", bootstrap))
        .isZero();

    String listed =
        captured(
            () ->
                StreamsCli.commandLine().execute("vip", "list", "--bootstrap-servers", bootstrap));
    // the broker (and so the topic) is shared by the module's ITs: assert on our keys only
    assertThat(listed.lines())
        .contains("ceo@corp.example\t{\"title\":\"CEO\",\"criticality\":\"high\"}")
        .noneMatch(line -> line.startsWith("cfo@"));
  }

  @Test
  void shouldAcceptVipsAndTombstonesFromKafkasConsoleProducer(EmbeddedKafka kafka)
      throws Exception {
    kafka.createCompactedTopic(Topics.VIP_USERS, 1);
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process producer =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ConsoleProducer",
                "--bootstrap-server",
                kafka.bootstrapServers(),
                "--topic",
                Topics.VIP_USERS,
                "--property",
                "parse.key=true",
                "--property",
                "key.separator=|",
                "--property",
                "null.marker=NULL")
            .start();
    try (OutputStream in = producer.getOutputStream()) {
      in.write(
          ("coo@corp.example|{\"title\":\"COO\",\"criticality\":\"high\"}\n"
                  + "intern@corp.example|{\"title\":\"Intern\"}\n"
                  + "intern@corp.example|NULL\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    assertThat(producer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(producer.exitValue()).isZero();

    String listed =
        captured(
            () ->
                StreamsCli.commandLine()
                    .execute("vip", "list", "--bootstrap-servers", kafka.bootstrapServers()));
    assertThat(listed)
        .contains("coo@corp.example\t{\"title\":\"COO\",\"criticality\":\"high\"}")
        .doesNotContain("intern@");
  }

  private static String captured(java.util.function.IntSupplier command) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(command.getAsInt()).isZero();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
