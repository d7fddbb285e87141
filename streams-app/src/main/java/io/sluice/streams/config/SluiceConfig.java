package io.sluice.streams.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams-app configuration, layered as docs/design.md §8 says: defaults, then a properties file,
 * then {@code SLUICE_*} environment variables ({@code SLUICE_BOOTSTRAP_SERVERS} → {@code
 * bootstrap.servers}), then command-line flags. Keys starting with {@code kafka.} pass through to
 * the Kafka clients (e.g. {@code kafka.security.protocol=SASL_SSL}), so TLS and SASL need no code.
 *
 * <p>A wrong key or value stops start-up naming where it came from, the key and the problem.
 */
public final class SluiceConfig {
  private static final Logger LOG = LoggerFactory.getLogger(SluiceConfig.class);

  public static final String APPLICATION_ID = Settings.APPLICATION_ID;
  public static final String BOOTSTRAP_SERVERS = Settings.BOOTSTRAP_SERVERS;
  public static final String SCHEMA_REGISTRY_URL = Settings.SCHEMA_REGISTRY_URL;
  public static final String AUTO_REGISTER_SCHEMAS = Settings.AUTO_REGISTER_SCHEMAS;
  public static final String SCHEMA_REGISTRY_AUTH = Settings.SCHEMA_REGISTRY_AUTH;
  public static final String RULES_DIR = Settings.RULES_DIR;
  public static final String STATE_DIR = Settings.STATE_DIR;
  public static final String PROCESSING_GUARANTEE = Settings.PROCESSING_GUARANTEE;
  public static final String STREAM_THREADS = Settings.STREAM_THREADS;
  public static final String TOPIC_PARTITIONS = Settings.TOPIC_PARTITIONS;
  public static final String HTTP_PORT = Settings.HTTP_PORT;
  public static final String HTTP_HOST = Settings.HTTP_HOST;
  public static final String DEDUP_WINDOW = Settings.DEDUP_WINDOW;
  public static final String KAFKA_PREFIX = Settings.KAFKA_PREFIX;

  /** Substrings of Kafka client keys whose values are secrets: never printed. */
  private static final Set<String> SECRET_HINTS = Set.of("password", "secret", "auth", "jaas");

  private final Map<String, String> values;

  private SluiceConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  public static SluiceConfig defaults() {
    return new SluiceConfig(defaultValues());
  }

  private static Map<String, String> defaultValues() {
    Map<String, String> defaults = new LinkedHashMap<>();
    for (Setting s : Settings.all()) {
      if (s.defaultValue() != null) {
        defaults.put(s.key(), s.defaultValue());
      }
    }
    return defaults;
  }

  /**
   * Layers the sources in order; later ones win.
   *
   * @param file an optional properties file
   * @param environment usually {@code System.getenv()}: the {@code SLUICE_*} names of declared
   *     settings and {@code SLUICE_KAFKA_*} are read; any other {@code SLUICE_*} name is reported
   *     with a warning and ignored (a typo must not stop start-up, nor pass unnoticed)
   * @param flags values given on the command line
   */
  public static SluiceConfig load(
      Optional<Path> file, Map<String, String> environment, Map<String, String> flags) {
    Map<String, String> merged = defaultValues();
    Map<String, String> origin = new LinkedHashMap<>();
    merged.keySet().forEach(k -> origin.put(k, "default"));
    if (file.isPresent()) {
      readFile(file.get()).forEach((k, v) -> put(merged, origin, k, v, file.get().toString()));
    }
    new TreeMap<>(environment)
        .forEach(
            (name, value) -> {
              if (!name.startsWith("SLUICE_") || Settings.NOT_SETTINGS.contains(name)) {
                return;
              }
              Optional<String> key = Settings.keyOfEnvironmentName(name);
              if (key.isPresent()) {
                put(merged, origin, key.get(), value, "environment variable " + name);
              } else {
                LOG.warn(
                    "environment variable {} is not a Sluice setting and is ignored (settings: {})",
                    name,
                    "docs/configuration.md");
              }
            });
    flags.forEach((k, v) -> put(merged, origin, k, v, "command line"));
    validate(merged, origin);
    return new SluiceConfig(merged);
  }

  /** The environment variables Sluice reads as settings (for tests and deployment checks). */
  public static boolean readsEnvironmentVariable(String name) {
    return Settings.NOT_SETTINGS.contains(name) || Settings.keyOfEnvironmentName(name).isPresent();
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
          if (key.startsWith(KAFKA_PREFIX)) {
            return;
          }
          Optional<Setting> setting = Settings.byKey(key);
          if (setting.isEmpty()) {
            problems.add(
                from
                    + ": key '"
                    + key
                    + "': unknown key (Kafka client settings take the prefix 'kafka.')");
            return;
          }
          setting
              .get()
              .check()
              .apply(value)
              .ifPresent(problem -> problems.add(from + ": key '" + key + "': " + problem));
        });
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("\n", problems));
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

  /** A duration setting, already validated. */
  public Duration duration(String key) {
    return Durations.parse(values.get(key)).orElseThrow();
  }

  /** A size setting in bytes, already validated. */
  public long bytes(String key) {
    return Sizes.parse(values.get(key)).orElseThrow();
  }

  /** Options that shape the topology. */
  public io.sluice.streams.topology.TopologyOptions topologyOptions() {
    return new io.sluice.streams.topology.TopologyOptions(
        duration(DEDUP_WINDOW),
        duration(Settings.TIME_MAX_FUTURE),
        duration(Settings.TIME_HORIZON),
        values.get(Settings.IDENTITY_DEFAULT_DOMAIN),
        Boolean.parseBoolean(values.get(Settings.DETECT_ENABLED)));
  }

  /**
   * The registry URL; a {@link ConfigException} (exit 2) when it is not set. Sluice never falls
   * back to an in-memory registry: ids from one would clash with the real registry's.
   */
  public String schemaRegistryUrl() {
    String url = values.get(SCHEMA_REGISTRY_URL);
    if (url == null || url.isBlank()) {
      throw new ConfigException(
          "schema.registry.url is not set: set it (SLUICE_SCHEMA_REGISTRY_URL or"
              + " --schema-registry) to your Confluent-compatible registry, e.g."
              + " http://registry:8081 or Apicurio's http://apicurio:8080/apis/ccompat/v7");
    }
    return url;
  }

  /** Settings for the Avro serdes (registry URL, auto-register, credentials, TLS). */
  public Map<String, Object> serdeConfig() {
    Map<String, Object> serde = new LinkedHashMap<>();
    serde.put(SCHEMA_REGISTRY_URL, schemaRegistryUrl());
    serde.put(AUTO_REGISTER_SCHEMAS, values.get(AUTO_REGISTER_SCHEMAS));
    for (String key :
        List.of(
            SCHEMA_REGISTRY_AUTH,
            Settings.REGISTRY_TRUSTSTORE,
            Settings.REGISTRY_TRUSTSTORE_PASSWORD,
            Settings.REGISTRY_KEYSTORE,
            Settings.REGISTRY_KEYSTORE_PASSWORD)) {
      if (values.containsKey(key) && !values.get(key).isBlank()) {
        serde.put(key, values.get(key));
      }
    }
    return serde;
  }

  /** The HTTP server's listeners, token and TLS. */
  public io.sluice.http.HttpSettings httpSettings() {
    Optional<io.sluice.http.HttpSettings.Tls> tls =
        Optional.ofNullable(values.get(Settings.HTTP_TLS_KEYSTORE))
            .filter(v -> !v.isBlank())
            .map(
                path ->
                    new io.sluice.http.HttpSettings.Tls(
                        Path.of(path),
                        values.getOrDefault(Settings.HTTP_TLS_KEYSTORE_PASSWORD, ""),
                        "PKCS12"));
    return new io.sluice.http.HttpSettings(
        values.get(Settings.HTTP_BIND),
        httpPort(),
        values.get(Settings.HTTP_MANAGEMENT_BIND),
        Integer.parseInt(values.get(Settings.HTTP_MANAGEMENT_PORT)),
        apiToken(),
        tls);
  }

  /** The bearer token of {@code /api}, when configured. */
  public Optional<String> apiToken() {
    return Optional.ofNullable(values.get(Settings.HTTP_API_TOKEN)).filter(v -> !v.isBlank());
  }

  /** Replication factor for topics Sluice creates; empty = the broker's default. */
  public Optional<Short> topicReplicationFactor() {
    int rf = Integer.parseInt(values.get(Settings.TOPIC_REPLICATION_FACTOR));
    return rf < 0 ? Optional.empty() : Optional.of((short) rf);
  }

  /** {@code min.insync.replicas} for topics Sluice creates; empty = the broker's default. */
  public Optional<Integer> topicMinInsyncReplicas() {
    return Optional.ofNullable(values.get(Settings.TOPIC_MIN_INSYNC_REPLICAS))
        .filter(v -> !v.isBlank())
        .map(Integer::parseInt);
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

  /** Kafka Streams' {@code statestore.cache.max.bytes} unless the operator sets it: 128 MiB. */
  public static final long RECORD_CACHE_BYTES = 128L << 20;

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
    // ... except when the cause is an outage (registry or broker unreachable) or a schema the
    // registry will not take: then the thread stops without committing, and the record is
    // processed again once the cause is gone (docs/design.md §7: an outage is not bad input)
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        io.sluice.streams.errors.OutageAwareDeserializationHandler.class.getName());
    p.put(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        io.sluice.streams.errors.OutageAwareProcessingHandler.class.getName());
    p.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        io.sluice.streams.errors.OutageAwareProductionHandler.class.getName());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    p.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.NO_OPTIMIZATION);
    // A task reading several topics (detection reads every canonical class) processes what it has
    // buffered instead of first checking, per record, whether an empty partition might still
    // deliver an older one: rules judge time per feed and key (docs/rules.md), so the order in
    // which a task interleaves its partitions changes no decision. Kafka's default (0) also builds
    // a log message per empty partition on each of those checks, whatever the log level: ~6 % of
    // a stream thread's CPU in the whole app (docs/benchmarks.md).
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "-1");
    // Kafka's 10 MiB record cache is too small for detection's per-user records (about 8 KB each
    // at 5,000 users): gets missed it, read RocksDB and evicted other keys, flushing them to the
    // changelog early. 128 MiB kept the bench's detect state cached (docs/benchmarks.md); override
    // with kafka.statestore.cache.max.bytes, and see docs/operations.md for the heap it needs.
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(RECORD_CACHE_BYTES));
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // A stream thread that dies (an outage, a crash) does not leave the group: its partitions wait
    // for its session timeout (Kafka's 45 s) before a replacement gets them. Lowering it to 10 s
    // made ExactlyOnceCrashIT miss 2 of 20,000 records within its bound after a SIGKILL, so it
    // stays at Kafka's default until that is understood (docs/design.md).
    Optional.ofNullable(values.get(STATE_DIR))
        .ifPresent(d -> p.put(StreamsConfig.STATE_DIR_CONFIG, d));
    // one bounded block cache and memtable budget for every RocksDB store of the instance
    p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class.getName());
    p.put(BoundedRocksDbConfig.MEMORY, Long.toString(bytes(Settings.ROCKSDB_MEMORY)));
    p.put(BoundedRocksDbConfig.MEMTABLE_FRACTION, values.get(Settings.ROCKSDB_MEMTABLE_FRACTION));
    p.putAll(kafkaClientSettings());
    return p;
  }

  private static boolean isSecret(String key) {
    return Settings.byKey(key).map(Setting::secret).orElse(false)
        || SECRET_HINTS.stream().anyMatch(h -> key.toLowerCase(Locale.ROOT).contains(h));
  }

  /** {@code https://user:secret@host/…} → {@code https://user:[hidden]@host/…}: URLs carry them. */
  static String withoutPassword(String value) {
    return value == null ? null : value.replaceAll("(://[^:/@\\s]*):[^@/\\s]*@", "$1:[hidden]@");
  }

  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    values.forEach((k, v) -> shown.put(k, isSecret(k) ? "[hidden]" : withoutPassword(v)));
    return shown.toString();
  }
}
