package io.sluice.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.sandbox.harness.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice simulate} as its own process against a broker of the test's: once its connectors
 * publish, Ctrl-C (SIGINT) stops it with 0 within 10 s (the JVM's own handler would end with 130)
 * and without a stack trace.
 */
class SimulateIT {
  @TempDir Path dir;
  private Process simulate;

  @AfterEach
  void stop() throws InterruptedException {
    SandboxProcess.stop(simulate);
  }

  @Test
  void shouldStopWithZeroOnCtrlC() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      DemoStreams.prepare(kafka, 1);
      Path output = dir.resolve("simulate.out");
      Path errors = dir.resolve("simulate.err");
      simulate =
          SandboxProcess.start(
              output, errors, "simulate", "--bootstrap-servers", kafka.bootstrapServers());
      await("simulate publishing")
          .atMost(Duration.ofSeconds(90))
          .failFast("simulate exited", () -> !simulate.isAlive())
          .until(() -> Files.readString(output).contains("connectors publishing"));
      awaitARecordIn(kafka, "raw.okta.system-log");

      assertThat(
              new ProcessBuilder("kill", "-INT", Long.toString(simulate.pid())).start().waitFor())
          .isZero();

      assertThat(simulate.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 s").isTrue();
      assertThat(simulate.exitValue()).as(Files.readString(errors)).isZero();
      assertThat(Files.readString(output)).contains("sluice simulate: stopped");
      assertThat(Files.readString(errors)).doesNotContain("Exception", "\tat ");
    }
  }

  /** A committed record in {@code topic}: the connectors run, past their start-up. */
  private static void awaitARecordIn(EmbeddedKafka kafka, String topic) {
    Map<String, Object> config = new HashMap<>(kafka.consumerConfig("simulate-it"));
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await("a record in " + topic)
          .atMost(Duration.ofSeconds(90))
          .until(() -> !consumer.poll(Duration.ofMillis(200)).isEmpty());
    }
  }
}
