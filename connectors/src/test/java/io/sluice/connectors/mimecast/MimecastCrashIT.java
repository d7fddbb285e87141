package io.sluice.connectors.mimecast;

import static io.sluice.connectors.mimecast.MimecastItSupport.keys;
import static io.sluice.connectors.mimecast.MimecastItSupport.records;
import static io.sluice.connectors.mimecast.MimecastItSupport.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.MimecastEvents;
import io.sluice.sandbox.simulators.MimecastSimulator;
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
 * A connector JVM that halts after its second page reached Kafka but before that page's transaction
 * (which also moves the checkpoint) committed; the restarted connector must leave every record
 * exactly once for a read_committed consumer. Once for the POST envelope (mid-window, page token in
 * the checkpoint) and once for SIEM batch files (file index in the checkpoint).
 */
@ExtendWith(SandboxExtension.class)
class MimecastCrashIT {
  private final EmbeddedKafka kafka;
  private final MimecastEvents.Scenario scenario =
      MimecastEvents.scenario(31, Instant.now().minus(4, ChronoUnit.HOURS), 344, 6, 50);
  private final MimecastSimulator sim =
      MimecastSimulator.start(
          MimecastItSupport.CLIENT_ID, MimecastItSupport.CLIENT_SECRET, scenario);

  MimecastCrashIT(EmbeddedKafka kafka) {
    this.kafka = kafka;
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void shouldYieldEveryClickExactlyOnceAfterAHardCrashBetweenPublishAndCommit(@TempDir Path dir)
      throws Exception {
    String id = "mc-crash-url-" + System.nanoTime();
    List<String> clicks = scenario.logs(MimecastEvents.TTP_URL); // 350

    crashThenRecover(dir, "mimecast-ttp-url", id, "raw.mimecast.ttp-url", 100, List.of());

    await("the restarted connector commits the rest")
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> assertThat(records(kafka, "raw.mimecast.ttp-url", id, true)).hasSize(350));
    var landed = records(kafka, "raw.mimecast.ttp-url", id, true);
    assertThat(keys(landed)).doesNotHaveDuplicates();
    assertThat(values(landed)).containsExactlyInAnyOrderElementsOf(clicks);
  }

  @Test
  void shouldYieldEveryBatchLineExactlyOnceAfterAHardCrashBetweenPublishAndCommit(@TempDir Path dir)
      throws Exception {
    String id = "mc-crash-siem-" + System.nanoTime();
    List<String> lines = scenario.siemLines("receipt"); // 6 files of 50

    crashThenRecover(
        dir,
        "mimecast-siem",
        id,
        "raw.mimecast.siem",
        50,
        List.of("--set", "mimecast.siem.types=receipt", "--set", "mimecast.page.size=4"));

    await("the restarted connector commits the rest")
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> assertThat(records(kafka, "raw.mimecast.siem", id, true)).hasSize(300));
    var landed = records(kafka, "raw.mimecast.siem", id, true);
    assertThat(keys(landed)).doesNotHaveDuplicates();
    assertThat(values(landed)).containsExactlyInAnyOrderElementsOf(lines);
  }

  private Process restarted;

  @AfterEach
  void stopRestarted() throws Exception {
    if (restarted != null) {
      restarted.destroy();
      assertThat(restarted.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(restarted.exitValue()).as("SIGTERM stops it cleanly").isIn(0, 143);
    }
  }

  private void crashThenRecover(
      Path dir, String connector, String id, String topic, int perPage, List<String> extra)
      throws Exception {
    Process crashing = process(dir.resolve("first.log"), connector, id, true, extra);
    assertThat(crashing.waitFor(120, TimeUnit.SECONDS)).as("the first run halts itself").isTrue();
    assertThat(crashing.exitValue())
        .as("halted by the test hook; log: %s", Files.readString(dir.resolve("first.log")))
        .isEqualTo(137);
    assertThat(records(kafka, topic, id, true)).as("only page 1 committed").hasSize(perPage);
    assertThat(records(kafka, topic, id, false))
        .as("page 2 reached the broker uncommitted before the crash")
        .hasSize(2 * perPage);

    restarted = process(dir.resolve("second.log"), connector, id, false, extra);
  }

  private Process process(
      Path log, String connector, String id, boolean crashAfterSecondPage, List<String> extra)
      throws Exception {
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
            connector,
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--base-url",
            sim.baseUrl().toString(),
            "--connector-id",
            id,
            "--since",
            "1d",
            "--poll-interval",
            "200ms",
            "--http-port",
            "-1",
            "--set",
            "mimecast.page.size=100",
            "--set",
            "rate.limit=unlimited"));
    command.addAll(extra);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().put(MimecastConnectorFactory.CLIENT_ID_ENV, MimecastItSupport.CLIENT_ID);
    builder
        .environment()
        .put(MimecastConnectorFactory.CLIENT_SECRET_ENV, MimecastItSupport.CLIENT_SECRET);
    return builder.start();
  }

  private static String testClasspath() {
    String classpath = System.getProperty("surefire.test.class.path");
    if (classpath == null || classpath.isBlank()) {
      classpath = System.getProperty("java.class.path");
    }
    return String.join(File.pathSeparator, classpath.split(File.pathSeparator));
  }
}
