package io.sluice.streams.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Streams-app configuration, layered as DESIGN §8 says: defaults, then a properties file, then
 * {@code SLUICE_*} environment variables ({@code SLUICE_BOOTSTRAP_SERVERS} → {@code
 * bootstrap.servers}), then command-line flags. Keys starting with {@code kafka.} pass through to
 * the Kafka clients (e.g. {@code kafka.security.protocol=SASL_SSL}), so TLS and SASL need no code.
 *
 * <p>A wrong key or value stops start-up naming where it came from, the key and the problem.
 */
public final class SluiceConfig {
  public static final String APPLICATION_ID = "application.id";
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String SCHEMA_REGISTRY_AUTH = "basic.auth.user.info";
  public static final String RULES_DIR = "rules.dir";
  public static final String STATE_DIR = "state.dir";
  public static final String PROCESSING_GUARANTEE = "processing.guarantee";
  public static final String STREAM_THREADS = "num.stream.threads";
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  public static final String HTTP_PORT = "http.port";
  public static final String HTTP_HOST = "http.host";
  public static final String DEDUP_WINDOW = "dedup.window";
  public static final String KAFKA_PREFIX = "kafka.";

  private static final Map<String, String> DEFAULTS =
      Map.of(
          APPLICATION_ID, "sluice",
          BOOTSTRAP_SERVERS, "localhost:9092",
          SCHEMA_REGISTRY_URL, "mem://sluice",
          AUTO_REGISTER_SCHEMAS, "true",
          PROCESSING_GUARANTEE, StreamsConfig.EXACTLY_ONCE_V2,
          STREAM_THREADS, "1",
          TOPIC_PARTITIONS, "3",
          HTTP_PORT, "8080",
          DEDUP_WINDOW, "PT24H");

  private static final Set<String> OPTIONAL =
      Set.of(RULES_DIR, STATE_DIR, SCHEMA_REGISTRY_AUTH, HTTP_HOST);

  /** Keys whose values are secrets: never printed by {@link #toString()}. */
  private static final Set<String> SECRET_HINTS = Set.of("password", "secret", "auth", "jaas");

  private final Map<String, String> values;

  private SluiceConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static SluiceConfig defaults() {
    return new SluiceConfig(DEFAULTS);
  }

  /**
   * Layers the sources in order; later ones win.
   *
   * @param file an optional properties file
   * @param environment usually {@code System.getenv()}; only {@code SLUICE_*} names are read
   * @param flags values given on the command line
   */
  public static SluiceConfig load(
      Optional<Path> file, Map<String, String> environment, Map<String, String> flags) {
    Map<String, String> merged = new LinkedHashMap<>(DEFAULTS);
    Map<String, String> origin = new LinkedHashMap<>();
    DEFAULTS.keySet().forEach(k -> origin.put(k, "default"));
    if (file.isPresent()) {
      readFile(file.get()).forEach((k, v) -> put(merged, origin, k, v, file.get().toString()));
    }
    environment.forEach(
        (name, value) -> {
          if (name.startsWith("SLUICE_") && name.length() > 7) {
            String key = name.substring(7).toLowerCase(Locale.ROOT).replace('_', '.');
            put(merged, origin, key, value, "environment variable " + name);
          }
        });
    flags.forEach((k, v) -> put(merged, origin, k, v, "command line"));
    validate(merged, origin);
    return new SluiceConfig(merged);
  }

  private static void put(
      Map<String, String> merged, Map<String, String> origin, String k, String v, String from) {
    merged.put(k.strip(), v == null ? "" : v.strip());
    origin.put(k.strip(), from);
  }

  private static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read configuration file: " + e.getMessage());
    }
    Map<String, String> values = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k)));
    return values;
  }

  private static void validate(Map<String, String> values, Map<String, String> origin) {
    List<String> problems = new ArrayList<>();
    values.forEach(
        (key, value) -> {
          String from = origin.getOrDefault(key, "?");
          if (!DEFAULTS.containsKey(key)
              && !OPTIONAL.contains(key)
              && !key.startsWith(KAFKA_PREFIX)) {
            problems.add(
                from
                    + ": key '"
                    + key
                    + "': unknown key (Kafka client settings take the prefix 'kafka.')");
          }
        });
    requireInt(values, origin, STREAM_THREADS, 1, 64, problems);
    requireInt(values, origin, TOPIC_PARTITIONS, 1, 10_000, problems);
    requireInt(values, origin, HTTP_PORT, 0, 65_535, problems);
    try {
      java.time.Duration dedup = java.time.Duration.parse(values.get(DEDUP_WINDOW));
      if (dedup.isNegative()) {
        problems.add(
            origin.get(DEDUP_WINDOW) + ": key '" + DEDUP_WINDOW + "': must not be negative");
      }
    } catch (java.time.format.DateTimeParseException e) {
      problems.add(
          origin.get(DEDUP_WINDOW)
              + ": key '"
              + DEDUP_WINDOW
              + "': '"
              + values.get(DEDUP_WINDOW)
              + "' is not an ISO-8601 duration (e.g. PT24H; PT0S turns dedup off)");
    }
    String guarantee = values.get(PROCESSING_GUARANTEE);
    if (!StreamsConfig.EXACTLY_ONCE_V2.equals(guarantee)
        && !StreamsConfig.AT_LEAST_ONCE.equals(guarantee)) {
      problems.add(
          origin.get(PROCESSING_GUARANTEE)
              + ": key '"
              + PROCESSING_GUARANTEE
              + "': must be exactly_once_v2 or at_least_once, got '"
              + guarantee
              + "'");
    }
    String auto = values.get(AUTO_REGISTER_SCHEMAS);
    if (!"true".equals(auto) && !"false".equals(auto)) {
      problems.add(
          origin.get(AUTO_REGISTER_SCHEMAS)
              + ": key '"
              + AUTO_REGISTER_SCHEMAS
              + "': must be true or false, got '"
              + auto
              + "'");
    }
    String registry = values.get(SCHEMA_REGISTRY_URL);
    if (!(registry.startsWith("mem://")
        || registry.startsWith("http://")
        || registry.startsWith("https://"))) {
      problems.add(
          origin.get(SCHEMA_REGISTRY_URL)
              + ": key '"
              + SCHEMA_REGISTRY_URL
              + "': must start with http://, https:// or mem://");
    }
    if (values.getOrDefault(BOOTSTRAP_SERVERS, "").isBlank()) {
      problems.add(origin.get(BOOTSTRAP_SERVERS) + ": key '" + BOOTSTRAP_SERVERS + "': is empty");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("\n", problems));
    }
  }

  private static void requireInt(
      Map<String, String> values,
      Map<String, String> origin,
      String key,
      int min,
      int max,
      List<String> problems) {
    String value = values.get(key);
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        problems.add(
            origin.get(key)
                + ": key '"
                + key
                + "': must be between "
                + min
                + " and "
                + max
                + ", got "
                + parsed);
      }
    } catch (NumberFormatException e) {
      problems.add(origin.get(key) + ": key '" + key + "': '" + value + "' is not a whole number");
    }
  }

  public String get(String key) {
    return values.get(key);
  }

  public String applicationId() {
    return values.get(APPLICATION_ID);
  }

  public String bootstrapServers() {
    return values.get(BOOTSTRAP_SERVERS);
  }

  public Optional<Path> rulesDirectory() {
    return Optional.ofNullable(values.get(RULES_DIR)).filter(s -> !s.isBlank()).map(Path::of);
  }

  public int topicPartitions() {
    return Integer.parseInt(values.get(TOPIC_PARTITIONS));
  }

  public int httpPort() {
    return Integer.parseInt(values.get(HTTP_PORT));
  }

  /**
   * The host name other instances use to reach this one's HTTP API (with {@link #httpPort()} it
   * becomes Kafka Streams' {@code application.server}). Defaults to this machine's host name, or
   * 127.0.0.1 when it has none that resolves; set it to a routable name (a pod's DNS name) when
   * several instances run on different machines.
   */
  public String httpHost() {
    String host = values.get(HTTP_HOST);
    if (host != null && !host.isBlank()) {
      return host;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "127.0.0.1";
    }
  }

  /** Options that shape the topology. */
  public io.sluice.streams.topology.TopologyOptions topologyOptions() {
    return new io.sluice.streams.topology.TopologyOptions(
        java.time.Duration.parse(values.get(DEDUP_WINDOW)));
  }

  /** Settings for the Avro serdes (registry URL, auto-register, credentials). */
  public Map<String, Object> serdeConfig() {
    Map<String, Object> serde = new LinkedHashMap<>();
    serde.put(SCHEMA_REGISTRY_URL, values.get(SCHEMA_REGISTRY_URL));
    serde.put(AUTO_REGISTER_SCHEMAS, values.get(AUTO_REGISTER_SCHEMAS));
    if (values.containsKey(SCHEMA_REGISTRY_AUTH)) {
      serde.put(SCHEMA_REGISTRY_AUTH, values.get(SCHEMA_REGISTRY_AUTH));
    }
    return serde;
  }

  /** The {@code kafka.*} pass-through settings with the prefix removed. */
  public Map<String, String> kafkaClientSettings() {
    Map<String, String> kafka = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(KAFKA_PREFIX)) {
            kafka.put(k.substring(KAFKA_PREFIX.length()), v);
          }
        });
    return kafka;
  }

  /** Kafka Streams properties: Sluice's production choices, then the operator's overrides. */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, values.get(PROCESSING_GUARANTEE));
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, values.get(STREAM_THREADS));
    // bad bytes that reach a deserializer or an unexpected exception in a processor: Kafka Streams'
    // own handlers log, continue, and write the record to the same DLQ as mapper rejections
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "sluice.dlq");
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        org.apache.kafka.streams.errors.LogAndContinueExceptionHandler.class.getName());
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler.class.getName());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    p.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.NO_OPTIMIZATION);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    Optional.ofNullable(values.get(STATE_DIR))
        .ifPresent(d -> p.put(StreamsConfig.STATE_DIR_CONFIG, d));
    p.putAll(kafkaClientSettings());
    return p;
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach(
        (k, v) ->
            shown.put(
                k,
                SECRET_HINTS.stream().anyMatch(h -> k.toLowerCase(Locale.ROOT).contains(h))
                    ? "[hidden]"
                    : v));
    return shown.toString();
  }
}
