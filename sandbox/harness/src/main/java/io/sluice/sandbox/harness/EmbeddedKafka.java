package io.sluice.sandbox.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apache Kafka's own broker, running inside this JVM as a single KRaft node that is both broker and
 * controller.
 *
 * <p>Integration tests and the sandbox demo need a real broker (transactions, compaction, consumer
 * groups) without Docker or a separate install. Starting {@link KafkaRaftServer} directly, the way
 * {@code kafka-server-start.sh} does after {@code kafka-storage.sh format}, gives exactly the code
 * that runs in production with a start-up of about two seconds. Everything is sized for one node on
 * a small machine: internal topics have replication factor 1 and one partition, the log cleaner's
 * dedupe buffer is 2 MiB instead of 128 MiB, and ports and the log directory are fresh for every
 * instance so several can run side by side.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private static final int NODE_ID = 1;
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String HOST = "127.0.0.1";
  private static final int START_ATTEMPTS = 3;
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private volatile KafkaRaftServer server;
  private volatile Map<String, String> config;
  private final Path logDir;
  private final String bootstrapServers;
  private final Admin admin;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String saslSslBootstrap;
  private volatile String mtlsBootstrap;

  /** Internal override carrying the ports of the secured listeners; never passed to the broker. */
  private static final String SECURED_PORTS = "sluice.harness.secured.ports";

  private EmbeddedKafka(KafkaRaftServer server, Path logDir, String bootstrapServers, Admin admin) {
    this.server = server;
    this.logDir = logDir;
    this.bootstrapServers = bootstrapServers;
    this.admin = admin;
    // A demo stopped with Ctrl-C never reaches close(); without the hook its log dir would stay.
    this.shutdownHook = new Thread(this::stop, "sluice-embedded-kafka-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * A broker that also has a {@code SASL_SSL} listener (SCRAM-SHA-512, server certificate from
   * {@code certs}) and an {@code SSL} listener that requires a client certificate signed by the
   * same CA (mutual TLS), besides the PLAINTEXT one the harness uses to set it up. SCRAM user
   * {@code user} with {@code password} exists once this returns.
   */
  public static EmbeddedKafka startSecured(TestCertificates certs, String user, String password) {
    int[] ports = FreePorts.pick(2);
    String ssl = certs.serverKeystore().toString();
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put(SECURED_PORTS, ports[0] + "," + ports[1]);
    for (String listener : List.of("sasl_ssl", "mtls")) {
      String prefix = "listener.name." + listener + ".";
      overrides.put(prefix + "ssl.keystore.location", ssl);
      overrides.put(prefix + "ssl.keystore.password", certs.password());
      overrides.put(prefix + "ssl.key.password", certs.password());
      overrides.put(prefix + "ssl.keystore.type", "PKCS12");
      overrides.put(prefix + "ssl.truststore.location", certs.truststore().toString());
      overrides.put(prefix + "ssl.truststore.password", certs.password());
      overrides.put(prefix + "ssl.truststore.type", "PKCS12");
    }
    overrides.put("listener.name.mtls.ssl.client.auth", "required");
    overrides.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512");
    overrides.put(
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    EmbeddedKafka kafka = start(overrides);
    try {
      kafka
          .admin
          .alterUserScramCredentials(
              List.of(
                  new org.apache.kafka.clients.admin.UserScramCredentialUpsertion(
                      user,
                      new org.apache.kafka.clients.admin.ScramCredentialInfo(
                          org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512, 8192),
                      password)))
          .all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      kafka.close();
      throw new IllegalStateException("Could not create SCRAM user " + user, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kafka.close();
      throw new IllegalStateException(e);
    }
    kafka.saslSslBootstrap = HOST + ":" + ports[0];
    kafka.mtlsBootstrap = HOST + ":" + ports[1];
    return kafka;
  }

  /** {@code host:port} of the SASL_SSL (SCRAM-SHA-512) listener of {@link #startSecured}. */
  public String saslSslBootstrapServers() {
    return java.util.Objects.requireNonNull(saslSslBootstrap, "not started with startSecured");
  }

  /** {@code host:port} of the mutual-TLS listener of {@link #startSecured}. */
  public String mtlsBootstrapServers() {
    return java.util.Objects.requireNonNull(mtlsBootstrap, "not started with startSecured");
  }

  /** Starts a broker with the harness defaults. */
  public static EmbeddedKafka start() {
    return start(Map.of());
  }

  /**
   * Starts a broker whose configuration is the harness defaults overlaid with {@code
   * brokerOverrides} (for example {@code auto.create.topics.enable=true}).
   *
   * <p>Returns once the broker is registered, unfenced and answers admin requests.
   */
  public static EmbeddedKafka start(Map<String, String> brokerOverrides) {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(brokerOverrides);
      } catch (RuntimeException e) {
        // Free ports are probed before the broker binds them; another process can win the race.
        if (!FreePorts.isBindFailure(e) || attempt == START_ATTEMPTS) {
          throw e;
        }
        log.warn("Port taken before the broker could bind it (attempt {}), retrying", attempt);
      }
    }
  }

  private static EmbeddedKafka startOnce(Map<String, String> brokerOverrides) {
    long startNanos = System.nanoTime();
    int[] ports = FreePorts.pick(2);
    Path logDir = createLogDir();
    KafkaRaftServer server = null;
    Admin admin = null;
    try {
      Map<String, String> config = brokerConfig(ports[0], ports[1], logDir, brokerOverrides);
      format(logDir);
      server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
      server.startup();
      String bootstrapServers = HOST + ":" + ports[0];
      admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
      awaitReady(admin);
      EmbeddedKafka kafka = new EmbeddedKafka(server, logDir, bootstrapServers, admin);
      kafka.config = config;
      log.info(
          "Kafka broker ready on {} in {} ms (log dir {})",
          bootstrapServers,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
          logDir);
      return kafka;
    } catch (RuntimeException e) {
      cleanUpFailedStart(server, admin, logDir, e);
      throw e;
    }
  }

  /**
   * The broker configuration: harness defaults, then {@code overrides}. Package-private so a test
   * can check that every key is one the broker knows (an unknown key is only logged by Kafka).
   */
  static Map<String, String> brokerConfig(
      int brokerPort, int controllerPort, Path logDir, Map<String, String> overrides) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("process.roles", "broker,controller");
    config.put("node.id", Integer.toString(NODE_ID));
    config.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    String brokerListener = BROKER_LISTENER + "://" + HOST + ":" + brokerPort;
    String controllerListener = CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort;
    config.put("listeners", brokerListener + "," + controllerListener);
    config.put("advertised.listeners", brokerListener);
    config.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    config.put("inter.broker.listener.name", BROKER_LISTENER);
    config.put("controller.listener.names", CONTROLLER_LISTENER);
    config.put("log.dirs", logDir.toString());

    config.put("offsets.topic.replication.factor", "1");
    config.put("offsets.topic.num.partitions", "1");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("transaction.state.log.num.partitions", "1");
    config.put("share.coordinator.state.topic.replication.factor", "1");
    config.put("share.coordinator.state.topic.min.isr", "1");
    config.put("share.coordinator.state.topic.num.partitions", "1");
    config.put("default.replication.factor", "1");
    config.put("min.insync.replicas", "1");

    // The default would take 128 MiB of heap for the log cleaner's offset map.
    config.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    config.put("group.initial.rebalance.delay.ms", "0");
    config.put("auto.create.topics.enable", "false");

    Map<String, String> rest = new LinkedHashMap<>(overrides);
    String secured = rest.remove(SECURED_PORTS);
    if (secured != null) {
      String[] p = secured.split(",");
      String sasl = "SASL_SSL://" + HOST + ":" + p[0];
      String mtls = "MTLS://" + HOST + ":" + p[1];
      config.put("listeners", config.get("listeners") + "," + sasl + "," + mtls);
      config.put("advertised.listeners", brokerListener + "," + sasl + "," + mtls);
      config.put(
          "listener.security.protocol.map",
          config.get("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL,MTLS:SSL");
    }
    config.putAll(rest);
    return config;
  }

  private static void format(Path logDir) {
    // What `kafka-storage.sh format` does for a static quorum: meta.properties with a fresh
    // cluster id and the bootstrap metadata snapshot at the latest production metadata.version.
    try {
      new Formatter()
          .setPrintStream(
              new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .addDirectory(logDir.toString())
          .setMetadataLogDirectory(logDir.toString())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("Could not format Kafka storage in " + logDir, e);
    }
  }

  private static void awaitReady(Admin admin) {
    // KafkaRaftServer.startup() returns once the broker is unfenced; describeCluster proves the
    // client listener answers as well, which is what callers rely on.
    Collection<Node> nodes = get(admin.describeCluster().nodes(), "describe the cluster");
    if (nodes.isEmpty()) {
      throw new IllegalStateException("Kafka broker started but reports no nodes");
    }
  }

  /**
   * Stops the broker as an outage would, keeping its ports and data: clients see it gone until
   * {@link #restartBroker}.
   */
  public synchronized void stopBroker() {
    server.shutdown();
    server.awaitShutdown();
    log.info("Kafka broker on {} stopped (data kept)", bootstrapServers);
  }

  /** Starts the broker stopped by {@link #stopBroker} again, on the same ports and data. */
  public synchronized void restartBroker() {
    KafkaRaftServer restarted = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
    restarted.startup();
    server = restarted;
    awaitReady(admin);
    log.info("Kafka broker on {} restarted", bootstrapServers);
  }

  /** {@code host:port} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The broker's data and metadata directory; deleted by {@link #close()}. */
  Path logDir() {
    return logDir;
  }

  /**
   * Creates {@code topics} with {@code partitions} partitions each and waits until the broker can
   * serve all of them. Topics that already exist are left as they are.
   */
  public void createTopics(int partitions, String... topics) {
    create(Arrays.stream(topics).map(topic -> new NewTopic(topic, partitions, (short) 1)).toList());
  }

  /** Creates a log-compacted topic (for changelogs and tables), unless it already exists. */
  public void createCompactedTopic(String topic, int partitions) {
    create(
        List.of(
            new NewTopic(topic, partitions, (short) 1)
                .configs(
                    Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
  }

  private void create(List<NewTopic> newTopics) {
    Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
    for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
      try {
        result.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException(
              "Could not create topic " + result.getKey(), e.getCause());
        }
        log.debug("Topic {} already exists", result.getKey());
      } catch (TimeoutException e) {
        throw new IllegalStateException("Timed out creating topic " + result.getKey(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while creating topic " + result.getKey(), e);
      }
    }
    awaitLeaders(results.keySet());
  }

  private void awaitLeaders(Collection<String> topics) {
    // The controller acknowledges creation before the broker's metadata cache has caught up; a
    // producer started right away would otherwise log UNKNOWN_TOPIC_OR_PARTITION warnings.
    boolean ready =
        Waits.poll(ADMIN_TIMEOUT, Duration.ofMillis(20), () -> allPartitionsHaveLeaders(topics));
    if (!ready) {
      throw new IllegalStateException(
          "Topics " + topics + " have no leaders after " + ADMIN_TIMEOUT);
    }
  }

  private boolean allPartitionsHaveLeaders(Collection<String> topics) {
    try {
      Map<String, TopicDescription> descriptions =
          admin
              .describeTopics(topics)
              .allTopicNames()
              .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return descriptions.values().stream()
          .flatMap(description -> description.partitions().stream())
          .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
    } catch (ExecutionException e) {
      log.debug("Topics {} not yet known to the broker", topics, e.getCause());
      return false;
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out describing topics " + topics, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while describing topics " + topics, e);
    }
  }

  /** Bootstrap servers and byte-array serializers; a fresh mutable map for further settings. */
  public Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }

  /**
   * Bootstrap servers, {@code groupId}, reading from the earliest offset and byte-array
   * deserializers; a fresh mutable map for further settings.
   */
  public Map<String, Object> consumerConfig(String groupId) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }

  /** Stops the broker, waits for it to finish and deletes its log directory. Idempotent. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      log.debug("JVM is shutting down; the shutdown hook stops the broker", e);
      return;
    }
    stop();
  }

  private void stop() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long startNanos = System.nanoTime();
    admin.close(Duration.ofSeconds(5));
    server.shutdown();
    server.awaitShutdown();
    deleteLogDir(logDir);
    log.info(
        "Kafka broker on {} stopped in {} ms",
        bootstrapServers,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
  }

  private static Path createLogDir() {
    try {
      return Files.createTempDirectory("sluice-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a Kafka log directory", e);
    }
  }

  private static void deleteLogDir(Path logDir) {
    try {
      Utils.delete(logDir.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete Kafka log directory " + logDir, e);
    }
  }

  private static void cleanUpFailedStart(
      KafkaRaftServer server, Admin admin, Path logDir, RuntimeException failure) {
    try {
      if (admin != null) {
        admin.close(Duration.ZERO);
      }
      if (server != null) {
        server.shutdown();
        server.awaitShutdown();
      }
      deleteLogDir(logDir);
    } catch (RuntimeException cleanupFailure) {
      failure.addSuppressed(cleanupFailure);
    }
  }

  private static <T> T get(KafkaFuture<T> future, String action) {
    try {
      return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Could not " + action, e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out trying to " + action, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while trying to " + action, e);
    }
  }
}
