package io.sluice.connectors.testing;

import static io.sluice.connectors.testing.ItConnectors.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.sandbox.harness.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The crash docs/design.md §7 is about, the same for every vendor: a connector process dies after a
 * page's records reached Kafka but before the transaction that also moves the checkpoint committed.
 * The connector runs as a separate JVM ({@code ConnectorCli}, test classpath) that halts itself at
 * exactly that point; the restarted connector must then publish every record exactly once as a
 * read_committed consumer sees it. What "every record" is stays with each vendor's IT.
 */
public final class ItCrash {
  private ItCrash() {}

  /**
   * {@code connector <connector>} arguments for a connector JVM against a simulator: no HTTP port,
   * no client-side rate limit, and {@code settings} ({@code key=value}) as {@code --set}s, in
   * order.
   */
  public static List<String> arguments(
      String connector,
      EmbeddedKafka kafka,
      String baseUrl,
      String connectorId,
      String pollInterval,
      List<String> settings) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "connector",
                connector,
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--base-url",
                baseUrl,
                "--connector-id",
                connectorId,
                "--since",
                "1d",
                "--poll-interval",
                pollInterval,
                "--http-port",
                "-1"));
    for (String setting : settings) {
      arguments.add("--set");
      arguments.add(setting);
    }
    arguments.add("--set");
    arguments.add("rate.limit=unlimited");
    return arguments;
  }

  /**
   * Runs the connector JVM until it halts after its second page (of {@code perPage} records)
   * reached Kafka uncommitted, restarts it, waits until {@code total} records of {@code
   * connectorId} are committed on {@code topic}, hands them to {@code landed} for the IT's own
   * assertions, and stops the restarted JVM, which must still be running and stop cleanly.
   */
  public static void crashAfterSecondPageThenRecover(
      EmbeddedKafka kafka,
      String topic,
      String connectorId,
      List<String> arguments,
      Map<String, String> env,
      Path dir,
      int perPage,
      int total,
      Consumer<List<ConsumerRecord<byte[], byte[]>>> landed)
      throws Exception {
    Path firstLog = dir.resolve("first.log");
    Process crashing = ItConnectors.connectorProcess(arguments, env, firstLog, 2);
    assertThat(crashing.waitFor(120, TimeUnit.SECONDS)).as("the first run halts itself").isTrue();
    assertThat(crashing.exitValue())
        .as("halted by the test hook; log: %s", Files.readString(firstLog))
        .isEqualTo(137);
    assertThat(records(kafka, topic, connectorId, true))
        .as("only page 1 committed")
        .hasSize(perPage);
    assertThat(records(kafka, topic, connectorId, false))
        .as("page 2 reached the broker uncommitted before the crash")
        .hasSize(2 * perPage);

    Path secondLog = dir.resolve("second.log");
    Process restarted = ItConnectors.connectorProcess(arguments, env, secondLog, 0);
    boolean stopped;
    try {
      try {
        await("the restarted connector commits the rest")
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () -> assertThat(records(kafka, topic, connectorId, true)).hasSize(total));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "the restarted connector did not commit the rest; its log:\n"
                + Files.readString(secondLog),
            e);
      }
      landed.accept(records(kafka, topic, connectorId, true));
      assertThat(restarted.isAlive()).isTrue();
    } finally {
      restarted.destroy();
      stopped = restarted.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(stopped).as("SIGTERM stops it within 30 s").isTrue();
    assertThat(restarted.exitValue()).as("SIGTERM stops it cleanly").isIn(0, 143);
  }
}
