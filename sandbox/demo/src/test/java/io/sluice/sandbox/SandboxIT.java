package io.sluice.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice sandbox} as its own process, as a user runs it: the endpoints file appears once
 * everything is up; the broker takes and gives back a record; the registry answers the Confluent
 * API; a simulator serves its vendor's API with the printed credentials; Ctrl-C (SIGINT) ends it
 * with 0 within 10 s, without a stack trace, and takes the registry's child process with it.
 */
class SandboxIT {
  @TempDir Path dir;
  private Process sandbox;

  @AfterEach
  void stopSandbox() throws InterruptedException {
    SandboxProcess.stop(sandbox);
  }

  @Test
  void shouldServeBrokerRegistryAndSimulatorsUntilCtrlC() throws Exception {
    Path endpointsFile = dir.resolve("endpoints.json");
    Path output = dir.resolve("sandbox.log");
    sandbox = SandboxProcess.start(output, "sandbox", "--endpoints-file", endpointsFile.toString());

    await("the endpoints file")
        .atMost(Duration.ofSeconds(120))
        .failFast("the sandbox exited", () -> !sandbox.isAlive())
        .until(() -> Files.exists(endpointsFile));
    JsonNode endpoints = new ObjectMapper().readTree(endpointsFile.toFile());
    String bootstrap = endpoints.path("bootstrap_servers").asText();
    assertThat(bootstrap).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(endpoints.path("simulators").fieldNames())
        .toIterable()
        .containsExactly("okta", "mimecast", "entra", "crowdstrike");

    assertThat(roundTrip(bootstrap)).isEqualTo("hello sandbox");
    HttpResponse<String> subjects =
        SandboxProcess.get(endpoints.path("schema_registry_url").asText() + "/subjects", Map.of());
    assertThat(subjects.statusCode()).isEqualTo(200);
    assertThat(subjects.body()).startsWith("[");
    HttpResponse<String> okta =
        SandboxProcess.get(
            endpoints.at("/simulators/okta").asText() + "/api/v1/logs?limit=5",
            Map.of("Authorization", "SSWS " + DemoScenario.OKTA_TOKEN));
    assertThat(okta.statusCode()).isEqualTo(200);
    assertThat(okta.body()).contains("\"eventType\"");
    assertThat(Files.readString(output))
        .contains("export OKTA_API_TOKEN=" + DemoScenario.OKTA_TOKEN)
        .contains(bootstrap);

    long stopAsked = System.nanoTime();
    assertThat(new ProcessBuilder("kill", "-INT", Long.toString(sandbox.pid())).start().waitFor())
        .isZero();
    assertThat(sandbox.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 s").isTrue();
    String log = Files.readString(output);
    assertThat(sandbox.exitValue()).as(log).isZero();
    assertThat(log).contains("sluice sandbox: stopped").doesNotContain("Exception", "\tat ");
    assertThat(Duration.ofNanos(System.nanoTime() - stopAsked)).isLessThan(Duration.ofSeconds(10));
    assertThatRefused(endpoints.path("schema_registry_url").asText() + "/subjects");
    assertThatRefused(endpoints.at("/simulators/okta").asText() + "/api/v1/logs");
  }

  @Test
  void shouldRefuseAMalformedFaultFlagBeforeStartingAnything() throws Exception {
    Path output = dir.resolve("bad-flag.log");
    sandbox = SandboxProcess.start(output, "sandbox", "--server-errors", "three");

    assertThat(sandbox.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(sandbox.exitValue()).isEqualTo(2);
    assertThat(Files.readString(output)).contains("--server-errors").doesNotContain("Kafka  ");
  }

  private static String roundTrip(String bootstrap) {
    String topic = "sandbox-it-" + UUID.randomUUID();
    Map<String, Object> producer =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
      p.send(new ProducerRecord<>(topic, "k", "hello sandbox")).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("could not produce to " + bootstrap, e);
    }
    Map<String, Object> consumer =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "sandbox-it",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, String> c =
        new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of(topic));
      List<ConsumerRecord<String, String>> records = new ArrayList<>();
      await("the record back")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                c.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
              });
      return records.get(0).value();
    }
  }

  private static void assertThatRefused(String url) {
    await("nothing listens on " + url)
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> {
              try {
                SandboxProcess.get(url, Map.of());
                return false;
              } catch (java.io.IOException refused) {
                return true;
              }
            });
  }
}
