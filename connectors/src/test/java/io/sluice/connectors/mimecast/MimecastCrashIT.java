package io.sluice.connectors.mimecast;

import static io.sluice.connectors.testing.ItConnectors.keys;
import static io.sluice.connectors.testing.ItConnectors.values;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connectors.testing.ItCrash;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.simulators.MimecastEvents;
import io.sluice.sandbox.simulators.MimecastSimulator;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

    crashThenRecover(
        dir,
        "mimecast-ttp-url",
        id,
        "raw.mimecast.ttp-url",
        100,
        350,
        List.of(),
        landed -> {
          assertThat(keys(landed)).doesNotHaveDuplicates();
          assertThat(values(landed)).containsExactlyInAnyOrderElementsOf(clicks);
        });
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
        300,
        List.of("mimecast.siem.types=receipt", "mimecast.page.size=4"),
        landed -> {
          assertThat(keys(landed)).doesNotHaveDuplicates();
          assertThat(values(landed)).containsExactlyInAnyOrderElementsOf(lines);
        });
  }

  private void crashThenRecover(
      Path dir,
      String connector,
      String id,
      String topic,
      int perPage,
      int total,
      List<String> settings,
      Consumer<List<ConsumerRecord<byte[], byte[]>>> landed)
      throws Exception {
    List<String> all = new ArrayList<>(List.of("mimecast.page.size=100"));
    all.addAll(settings);
    ItCrash.crashAfterSecondPageThenRecover(
        kafka,
        topic,
        id,
        ItCrash.arguments(connector, kafka, sim.baseUrl().toString(), id, "200ms", all),
        MimecastItSupport.env(MimecastItSupport.CLIENT_SECRET),
        dir,
        perPage,
        total,
        landed);
  }
}
