package io.sluice.connectors.okta;

import static io.sluice.connectors.okta.OktaItSupport.records;
import static io.sluice.connectors.okta.OktaItSupport.uuids;
import static io.sluice.connectors.okta.OktaItSupport.uuidsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.OktaEvents;
import io.sluice.sandbox.simulators.OktaSimulator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash DESIGN §7 is about: a connector process dies after a page's records reached Kafka but
 * before the transaction that also moves the checkpoint committed. The connector runs as a separate
 * JVM ({@code ConnectorCli}, test classpath) that halts itself at exactly that point; the restarted
 * connector must then publish every record exactly once as a read_committed consumer sees it.
 */
@ExtendWith(SandboxExtension.class)
class OktaCrashIT {
  private final EmbeddedKafka kafka;
  private final List<String> events =
      OktaEvents.scenario(5, 337, Instant.now().minus(2, ChronoUnit.HOURS));
  private final OktaSimulator okta = OktaSimulator.start(OktaItSupport.TOKEN, events);
  private final String connectorId = "okta-crash-it-" + System.nanoTime();

  OktaCrashIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @AfterEach
  void stop() {
    okta.close();
  }

  @Test
  void shouldYieldEveryRecordExactlyOnceAfterAHardCrashBetweenPublishAndCommit(@TempDir Path dir)
      throws Exception {
    Process crashing = connectorProcess(dir.resolve("first.log"), true);
    assertThat(crashing.waitFor(120, TimeUnit.SECONDS)).as("the first run halts itself").isTrue();
    assertThat(crashing.exitValue())
        .as("halted by the test hook; log: %s", Files.readString(dir.resolve("first.log")))
        .isEqualTo(137);

    assertThat(records(kafka, connectorId, true)).as("only page 1 committed").hasSize(100);
    assertThat(records(kafka, connectorId, false))
        .as("page 2 reached the broker uncommitted before the crash")
        .hasSize(200);

    Process restarted = connectorProcess(dir.resolve("second.log"), false);
    try {
      await("the restarted connector commits the rest")
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(() -> assertThat(records(kafka, connectorId, true)).hasSize(350));
      assertThat(uuids(records(kafka, connectorId, true)))
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(uuidsOf(events));
      assertThat(restarted.isAlive()).isTrue();
    } finally {
      restarted.destroy();
      restarted.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(restarted.exitValue()).as("SIGTERM stops it cleanly").isIn(0, 143);
  }

  private Process connectorProcess(Path log, boolean crashAfterSecondPage) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    if (crashAfterSecondPage) {
      command.add("-Dsluice.test.crash-after-publish=2");
    }
    command.add("-cp");
    command.add(testClasspath());
    command.add("io.sluice.connectors.cli.ConnectorCli");
    command.addAll(
        List.of(
            "connector",
            "okta",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--base-url",
            okta.baseUrl().toString(),
            "--connector-id",
            connectorId,
            "--since",
            "1d",
            "--poll-interval",
            "200ms",
            "--http-port",
            "-1",
            "--set",
            "okta.limit=100",
            "--set",
            "rate.limit=unlimited"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().put("OKTA_API_TOKEN", OktaItSupport.TOKEN);
    return builder.start();
  }

  private static String testClasspath() {
    // Surefire/failsafe may start the test JVM from a manifest-only jar; this property has the
    // real entries.
    String classpath = System.getProperty("surefire.test.class.path");
    if (classpath == null || classpath.isBlank()) {
      classpath = System.getProperty("java.class.path");
    }
    return String.join(File.pathSeparator, classpath.split(File.pathSeparator));
  }
}
