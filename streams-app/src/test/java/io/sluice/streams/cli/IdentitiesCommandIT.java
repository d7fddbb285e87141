package io.sluice.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.streams.testing.StandardOut;
import io.sluice.streams.topology.Topics;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Loading {@code reference.identities} the two documented ways, the CLI and Kafka's own console
 * producer, against a real broker. The broker (and so the topic) is shared by the module's ITs:
 * each test uses aliases of its own.
 */
@ExtendWith(SandboxExtension.class)
class IdentitiesCommandIT {

  private static int identities(String bootstrap, String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "identities";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--bootstrap-servers";
    all[args.length + 2] = bootstrap;
    return StandardOut.capture(() -> StreamsCli.commandLine().execute(all)).exitCode();
  }

  private static String list(String bootstrap) {
    StandardOut.Captured listed =
        StandardOut.capture(
            () ->
                StreamsCli.commandLine()
                    .execute("identities", "list", "--bootstrap-servers", bootstrap));
    assertThat(listed.exitCode()).isZero();
    return listed.text();
  }

  @Test
  void shouldAddListAndRemoveAliasesNormalisedWithTheCli(EmbeddedKafka kafka) {
    kafka.createCompactedTopic(Topics.IDENTITIES, 1);
    String bootstrap = kafka.bootstrapServers();

    assertThat(identities(bootstrap, "add", "CORP\\ADoe", "ADoe@Corp.Example")).isZero();
    assertThat(identities(bootstrap, "add", "adoe.old", "adoe@corp.example")).isZero();
    assertThat(identities(bootstrap, "remove", "ADOE.OLD")).isZero();

    assertThat(list(bootstrap).lines())
        .contains("corp\\adoe\tadoe@corp.example")
        .noneMatch(line -> line.startsWith("adoe.old"));
  }

  @Test
  void shouldRefuseABlankAlias(EmbeddedKafka kafka) {
    assertThat(identities(kafka.bootstrapServers(), "add", " ", "x@corp.example")).isEqualTo(2);
  }

  @Test
  void shouldRemoveEverySpellingAnOperatorTypedWithTheConsoleProducer(EmbeddedKafka kafka)
      throws Exception {
    kafka.createCompactedTopic(Topics.IDENTITIES, 1);
    String bootstrap = kafka.bootstrapServers();
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process producer =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.kafka.tools.ConsoleProducer",
                "--bootstrap-server",
                bootstrap,
                "--topic",
                Topics.IDENTITIES,
                "--property",
                "parse.key=true",
                "--property",
                "key.separator=|",
                "--property",
                "null.marker=NULL")
            .start();
    try (OutputStream in = producer.getOutputStream()) {
      in.write(
          ("BDoe|BDoe@Corp.Example\n"
                  + "CORP\\bdoe|bdoe@corp.example\n"
                  + "bdoe.gone@corp.example|x@corp.example\n"
                  + "bdoe.gone@corp.example|NULL\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    assertThat(producer.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(producer.exitValue()).isZero();

    assertThat(list(bootstrap).lines())
        .contains("bdoe\tbdoe@corp.example", "corp\\bdoe\tbdoe@corp.example")
        .noneMatch(line -> line.startsWith("bdoe.gone"));

    assertThat(identities(bootstrap, "remove", "bdoe")).isZero();

    assertThat(list(bootstrap).lines())
        .noneMatch(line -> line.startsWith("bdoe\t"))
        .contains("corp\\bdoe\tbdoe@corp.example");
  }
}
