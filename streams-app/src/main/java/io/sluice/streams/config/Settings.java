package io.sluice.streams.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every configuration key of the streams app, in one table (docs/configuration.md lists the same
 * rows; {@code SettingsDocTest} keeps them in step). Keys starting with {@code kafka.} are not
 * declared: they pass through to the Kafka clients.
 */
public final class Settings {
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
  public static final String TIME_MAX_FUTURE = "time.max-future";
  public static final String TIME_HORIZON = "time.horizon";
  public static final String DETECT_ENABLED = "detect.enabled";
  public static final String ROCKSDB_MEMORY = "rocksdb.memory";
  public static final String ROCKSDB_MEMTABLE_FRACTION = "rocksdb.memtable-fraction";
  public static final String REGISTRY_TRUSTSTORE = "schema.registry.ssl.truststore.location";
  public static final String REGISTRY_TRUSTSTORE_PASSWORD =
      "schema.registry.ssl.truststore.password";
  public static final String REGISTRY_KEYSTORE = "schema.registry.ssl.keystore.location";
  public static final String REGISTRY_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  public static final String HTTP_BIND = "http.bind";
  public static final String HTTP_MANAGEMENT_PORT = "http.management.port";
  public static final String HTTP_MANAGEMENT_BIND = "http.management.bind";
  public static final String HTTP_API_TOKEN = "http.api.token";
  public static final String HTTP_TLS_KEYSTORE = "http.tls.keystore.location";
  public static final String HTTP_TLS_KEYSTORE_PASSWORD = "http.tls.keystore.password";
  public static final String HEALTH_CHECK_INTERVAL = "health.check.interval";
  public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
  public static final String TOPIC_MIN_INSYNC_REPLICAS = "topic.min.insync.replicas";
  public static final String IDENTITY_DEFAULT_DOMAIN = "identity.default-domain";
  public static final String KAFKA_PREFIX = "kafka.";

  /**
   * {@code SLUICE_*} variables that are not settings: read by logback and by the launcher script.
   */
  static final Set<String> NOT_SETTINGS =
      Set.of("SLUICE_LOG_LEVEL", "SLUICE_KAFKA_LOG_LEVEL", "SLUICE_JAVA_OPTS");

  /** A DNS domain: labels of letters, digits and hyphens, at least two of them. */
  private static final java.util.regex.Pattern DOMAIN =
      java.util.regex.Pattern.compile(
          "(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

  private static final List<Setting> ALL =
      List.of(
          Setting.text(BOOTSTRAP_SERVERS, "localhost:9092", "Kafka bootstrap servers"),
          Setting.text(
              APPLICATION_ID,
              "sluice",
              "Kafka Streams application id: consumer group, internal topic and state names derive"
                  + " from it"),
          new Setting(
              SCHEMA_REGISTRY_URL,
              null,
              v ->
                  v.startsWith("mem://") || v.startsWith("http://") || v.startsWith("https://")
                      ? Optional.empty()
                      : Optional.of("must start with http://, https:// or mem://"),
              false,
              "Confluent-compatible schema registry (`http(s)://…`, e.g. Apicurio's"
                  + " `…/apis/ccompat/v7`); required by `./sluice streams`, which refuses to start"
                  + " without it. `mem://<scope>` (in-process, its schema ids die with the"
                  + " process) only when asked for: demo, replay, tests"),
          Setting.oneOf(
              AUTO_REGISTER_SCHEMAS,
              "true",
              List.of("true", "false"),
              "register Sluice's schemas on first write; `false` requires them to be registered"
                  + " already"),
          Setting.secret(SCHEMA_REGISTRY_AUTH, "`user:password` for the registry (never logged)"),
          Setting.optional(
              REGISTRY_TRUSTSTORE,
              "trust store (PKCS12) for an `https://` registry with a private CA"),
          Setting.secret(REGISTRY_TRUSTSTORE_PASSWORD, "password of that trust store"),
          Setting.optional(
              REGISTRY_KEYSTORE,
              "key store (PKCS12) with a client certificate, for a registry that wants mTLS"),
          Setting.secret(REGISTRY_KEYSTORE_PASSWORD, "password of that key store"),
          Setting.optional(
              RULES_DIR, "directory of operator rule files, added to the built-in pack"),
          Setting.optional(
              STATE_DIR,
              "where Kafka Streams keeps local state (default: Kafka's; use a persistent volume)"),
          Setting.oneOf(
              PROCESSING_GUARANTEE,
              StreamsConfig.EXACTLY_ONCE_V2,
              List.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE),
              "`exactly_once_v2` or `at_least_once`"),
          Setting.integer(STREAM_THREADS, 1, 1, 64, "stream threads per instance"),
          Setting.integer(
              TOPIC_PARTITIONS, 3, 1, 10_000, "partitions of the topics Sluice creates"),
          Setting.integer(
              TOPIC_REPLICATION_FACTOR,
              -1,
              -1,
              32,
              "replication factor of the topics Sluice creates; `-1` takes the broker's"
                  + " `default.replication.factor`"),
          new Setting(
              TOPIC_MIN_INSYNC_REPLICAS,
              null,
              Setting.integer(TOPIC_MIN_INSYNC_REPLICAS, 1, 1, 32, "").check(),
              false,
              "`min.insync.replicas` of the topics Sluice creates (default: the broker's);"
                  + " `./sluice topics check` verifies existing topics against it"),
          Setting.integer(
              HTTP_PORT,
              8080,
              0,
              65_535,
              "`/metrics`, `/health/live`, `/health/ready` and the risk API; `0` picks a free port"),
          Setting.text(
              HTTP_BIND,
              "127.0.0.1",
              "address the HTTP server listens on; `0.0.0.0` for every interface (a container)"),
          Setting.integer(
              HTTP_MANAGEMENT_PORT,
              -1,
              -1,
              65_535,
              "own port for `/metrics` and `/health/*`, e.g. to expose them where the API is not;"
                  + " `-1` serves them on `http.port`"),
          Setting.text(
              HTTP_MANAGEMENT_BIND, "127.0.0.1", "address of the `http.management.port` listener"),
          Setting.secret(
              HTTP_API_TOKEN,
              "when set, `/api` requires `Authorization: Bearer <token>` (instances send it to"
                  + " each other); metrics and health never need it"),
          Setting.optional(
              HTTP_TLS_KEYSTORE,
              "key store (PKCS12) with the server certificate: `http.port` then speaks HTTPS"),
          Setting.secret(HTTP_TLS_KEYSTORE_PASSWORD, "password of that key store"),
          Setting.duration(
              HEALTH_CHECK_INTERVAL,
              "5s",
              Duration.ofMillis(100),
              "how often readiness checks the broker and the registry"),
          Setting.optional(
              HTTP_HOST,
              "the host other instances use to reach this one (default: the host name, or"
                  + " 127.0.0.1); with `http.port` it becomes Kafka Streams' `application.server`"),
          Setting.duration(
              DEDUP_WINDOW,
              "24h",
              Duration.ZERO,
              "how long a raw event id is remembered to drop redeliveries; `0s` turns dedup off"),
          Setting.duration(
              TIME_MAX_FUTURE,
              "1h",
              Duration.ofSeconds(1),
              "an event time further than this ahead of its record's Kafka timestamp (when the"
                  + " connector fetched it) is a bad clock: the record goes to the DLQ as"
                  + " `future_time` (docs/dlq.md)"),
          Setting.duration(
              TIME_HORIZON,
              "6h",
              Duration.ofMinutes(1),
              "how far behind the newest record of its own feed (in its partition) an event may"
                  + " be and still count for rules; bounds how long rule state is kept"
                  + " (docs/rules.md, \"Time\")"),
          Setting.oneOf(
              DETECT_ENABLED,
              "true",
              List.of("true", "false"),
              "`false` runs normalisation alone: no rules, no risk, no alert or risk topics"
                  + " written (a normalise-only deployment; `./sluice bench pipeline` measures it)"),
          Setting.bytes(
              ROCKSDB_MEMORY,
              "256MiB",
              16L << 20,
              "off-heap memory for all RocksDB state stores of the instance together: one block"
                  + " cache, with the memtables charged to it"),
          Setting.fraction(
              ROCKSDB_MEMTABLE_FRACTION,
              "0.25",
              "share of `rocksdb.memory` the memtables (write buffers) may use"),
          new Setting(
              IDENTITY_DEFAULT_DOMAIN,
              null,
              v ->
                  v.isBlank() || DOMAIN.matcher(v).matches()
                      ? Optional.empty()
                      : Optional.of(
                          "must be a DNS domain such as corp.example (no @), got '" + v + "'"),
              false,
              "domain given to bare account names (`jdoe` → `jdoe@corp.example`) when user keys"
                  + " are formed, after `reference.identities` aliases (docs/operations.md,"
                  + " \"Identities\"); unset: bare names stay as they are"));

  private static final Map<String, Setting> BY_KEY = new LinkedHashMap<>();
  private static final Map<String, Setting> BY_ENVIRONMENT_NAME = new LinkedHashMap<>();

  static {
    for (Setting s : ALL) {
      BY_KEY.put(s.key(), s);
      BY_ENVIRONMENT_NAME.put(s.environmentName(), s);
    }
  }

  private Settings() {}

  public static List<Setting> all() {
    return ALL;
  }

  public static Optional<Setting> byKey(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }

  /**
   * The key an environment variable sets: a declared setting's name, or {@code kafka.*} for {@code
   * SLUICE_KAFKA_*} (the Kafka client settings, lower-case, underscores as dots). Empty for any
   * other name.
   */
  static Optional<String> keyOfEnvironmentName(String name) {
    Setting declared = BY_ENVIRONMENT_NAME.get(name);
    if (declared != null) {
      return Optional.of(declared.key());
    }
    String kafka = "SLUICE_KAFKA_";
    if (name.startsWith(kafka) && name.length() > kafka.length() && !NOT_SETTINGS.contains(name)) {
      return Optional.of(
          KAFKA_PREFIX
              + name.substring(kafka.length())
                  .toLowerCase(java.util.Locale.ROOT)
                  .replace('_', '.'));
    }
    return Optional.empty();
  }
}
