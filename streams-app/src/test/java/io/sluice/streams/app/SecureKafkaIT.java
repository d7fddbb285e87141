package io.sluice.streams.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sluice.sandbox.harness.ApicurioRegistry;
import io.sluice.sandbox.harness.EmbeddedKafka;
import io.sluice.sandbox.harness.SandboxExtension;
import io.sluice.sandbox.harness.TestCertificates;
import io.sluice.streams.cli.StreamsCli;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.testing.OktaEvents;
import io.sluice.streams.testing.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * Kafka over TLS with SCRAM-SHA-512, and over mutual TLS, with certificates this test makes: the
 * whole pipeline runs against the in-process broker's SASL_SSL listener, the CLI reaches the mTLS
 * listener with a client certificate, and wrong credentials are refused with a message that names
 * the address and the cause — and never the password.
 */
@ExtendWith(SandboxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureKafkaIT {
  private static final String USER = "sluice";
  private static final String PASSWORD = "scram-" + Long.toHexString(System.nanoTime());
  private static final Instant NOON = Instant.parse("2024-05-02T12:00:00Z");

  private Path dir;
  private TestCertificates certs;
  private EmbeddedKafka kafka;
  private StreamsApp app;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("sluice-secure-it-");
    certs = TestCertificates.generate(dir);
    kafka = EmbeddedKafka.startSecured(certs, USER, PASSWORD);
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    org.apache.kafka.common.utils.Utils.delete(dir.toFile());
  }

  private Map<String, String> scram(String password) {
    Map<String, String> kafka = new LinkedHashMap<>();
    kafka.put("security.protocol", "SASL_SSL");
    kafka.put("sasl.mechanism", "SCRAM-SHA-512");
    kafka.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
            + USER
            + "\" password=\""
            + password
            + "\";");
    kafka.putAll(trust());
    return kafka;
  }

  private Map<String, String> trust() {
    return Map.of(
        "ssl.truststore.location", certs.truststore().toString(),
        "ssl.truststore.password", certs.password(),
        "ssl.truststore.type", "PKCS12");
  }

  private Map<String, String> clientCertificate() {
    Map<String, String> tls = new LinkedHashMap<>(trust());
    tls.put("security.protocol", "SSL");
    tls.put("ssl.keystore.location", certs.clientKeystore().toString());
    tls.put("ssl.keystore.password", certs.password());
    tls.put("ssl.key.password", certs.password());
    tls.put("ssl.keystore.type", "PKCS12");
    return tls;
  }

  @Test
  void shouldRunThePipelineOverSaslSslWithScram(ApicurioRegistry registry) throws Exception {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(SluiceConfig.BOOTSTRAP_SERVERS, kafka.saslSslBootstrapServers());
    flags.put(SluiceConfig.SCHEMA_REGISTRY_URL, registry.url());
    flags.put(SluiceConfig.APPLICATION_ID, "sluice-secure-it");
    flags.put(SluiceConfig.STATE_DIR, dir.resolve("state").toString());
    flags.put("kafka.commit.interval.ms", "200");
    scram(PASSWORD).forEach((k, v) -> flags.put("kafka." + k, v));
    app =
        StreamsApp.start(
            SluiceConfig.load(Optional.empty(), Map.of(), flags),
            new RuleLoader().load(Optional.empty()),
            new SimpleMeterRegistry());

    Map<String, Object> producer = new HashMap<>(scram(PASSWORD));
    producer.put("bootstrap.servers", kafka.saslSslBootstrapServers());
    try (KafkaProducer<byte[], byte[]> out =
        new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < 10; i++) {
        out.send(
            new ProducerRecord<>(
                "raw.okta.system-log",
                "dana@corp.example".getBytes(StandardCharsets.UTF_8),
                OktaEvents.failedLogin("dana@corp.example", NOON.plusSeconds(20L * i))
                    .toString()
                    .getBytes(StandardCharsets.UTF_8)));
      }
    }

    Map<String, Object> consumer = new HashMap<>(scram(PASSWORD));
    await()
        .alias("the alert, read over SASL_SSL")
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                Topics.readAll(kafka.saslSslBootstrapServers(), consumer, "alerts.authentication")
                        .size()
                    == 1);
    assertThat(
            Topics.readAll(kafka.saslSslBootstrapServers(), consumer, "canonical.authentication"))
        .hasSize(10);
  }

  @Test
  void shouldRefuseWrongScramCredentialsWithAClearMessageThatHidesThePassword() {
    String wrong = "not-the-password-" + Long.toHexString(System.nanoTime());
    Cli cli = run(kafka.saslSslBootstrapServers(), scram(wrong), "topics", "check");

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err())
        .contains(kafka.saslSslBootstrapServers())
        .contains("Authentication failed")
        .doesNotContain(wrong);
  }

  @Test
  void shouldReachTheMutualTlsListenerOnlyWithAClientCertificate() {
    Cli withCertificate =
        run(kafka.mtlsBootstrapServers(), clientCertificate(), "vip", "add", "cfo@corp.example");
    Map<String, String> noCertificate = new LinkedHashMap<>(trust());
    noCertificate.put("security.protocol", "SSL");
    noCertificate.put("request.timeout.ms", "5000");
    noCertificate.put("default.api.timeout.ms", "10000");
    Cli without = run(kafka.mtlsBootstrapServers(), noCertificate, "topics", "check");

    assertThat(withCertificate.exitCode()).as(withCertificate.err()).isZero();
    assertThat(withCertificate.out()).contains("added cfo@corp.example");
    assertThat(without.exitCode()).isEqualTo(1);
    assertThat(without.err()).contains(kafka.mtlsBootstrapServers());
  }

  private record Cli(int exitCode, String out, String err) {}

  private static Cli run(String bootstrap, Map<String, String> kafka, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of("--bootstrap-servers", bootstrap));
    kafka.forEach((k, v) -> args.addAll(List.of("--set", "kafka." + k + "=" + v)));
    StringWriter err = new StringWriter();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    CommandLine cli = StreamsCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int code;
    System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      code = cli.execute(args.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
    }
    return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString());
  }
}
