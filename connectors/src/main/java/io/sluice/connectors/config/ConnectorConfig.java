package io.sluice.connectors.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connector configuration, layered as docs/design.md §8 says: defaults, then a properties file,
 * then {@code SLUICE_*} environment variables ({@code SLUICE_POLL_INTERVAL} → {@code
 * poll.interval}), then command-line flags. Keys starting with {@code kafka.} go to the Kafka
 * clients unchanged otherwise ({@code kafka.security.protocol=SASL_SSL}), so TLS and SASL need no
 * code.
 *
 * <p>Vendor secrets are deliberately not configuration: they come only from their own environment
 * variables or {@code *_FILE} paths (see {@code Secrets}), so they never sit in a properties file.
 */
public final class ConnectorConfig {
  private static final Logger log = LoggerFactory.getLogger(ConnectorConfig.class);

  public static final String CONNECTOR_ID = "connector.id";
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String BASE_URL = "base.url";
  public static final String SINCE = "since";
  public static final String POLL_INTERVAL = "poll.interval";
  public static final String HTTP_PORT = "http.port";
  public static final String HTTP_BIND = "http.bind";
  public static final String HEALTH_CHECK_INTERVAL = "health.check.interval";
  public static final String CONNECT_TIMEOUT = "http.connect.timeout";
  public static final String REQUEST_TIMEOUT = "http.request.timeout";
  public static final String MAX_PAGE_BYTES = "http.max.page.bytes";
  public static final String RATE_LIMIT = "rate.limit";
  public static final String RETRY_MAX_ATTEMPTS = "retry.max.attempts";
  public static final String RETRY_INITIAL_BACKOFF = "retry.initial.backoff";
  public static final String RETRY_MAX_BACKOFF = "retry.max.backoff";
  public static final String READY_MAX_FAILED_POLLS = "health.max.failed.polls";
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  public static final String TOPICS_CREATE = "topics.create";
  public static final String CHECKPOINT_TOPIC = "checkpoint.topic";
  public static final String DEDUP_MAX_KEYS = "dedup.max.keys";
  public static final String CHECKPOINT_READ_TIMEOUT = "checkpoint.read.timeout";
  public static final String KAFKA_PREFIX = "kafka.";

  private static final String ENV_PREFIX = "SLUICE_";

  /** {@code SLUICE_*} variables that logback and the launcher read, not settings. */
  public static final java.util.Set<String> NOT_SETTINGS =
      java.util.Set.of("SLUICE_LOG_LEVEL", "SLUICE_KAFKA_LOG_LEVEL", "SLUICE_JAVA_OPTS");

  private static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry(BOOTSTRAP_SERVERS, "localhost:9092"),
          Map.entry(SINCE, "7d"),
          Map.entry(POLL_INTERVAL, "30s"),
          Map.entry(HTTP_PORT, "8081"),
          Map.entry(HTTP_BIND, "127.0.0.1"),
          Map.entry(HEALTH_CHECK_INTERVAL, "5s"),
          Map.entry(CONNECT_TIMEOUT, "10s"),
          Map.entry(REQUEST_TIMEOUT, "60s"),
          Map.entry(MAX_PAGE_BYTES, Long.toString(64L * 1024 * 1024)),
          Map.entry(RETRY_MAX_ATTEMPTS, "10"),
          Map.entry(RETRY_INITIAL_BACKOFF, "1s"),
          Map.entry(RETRY_MAX_BACKOFF, "60s"),
          Map.entry(READY_MAX_FAILED_POLLS, "3"),
          Map.entry(TOPIC_PARTITIONS, "3"),
          Map.entry(TOPICS_CREATE, "true"),
          Map.entry(CHECKPOINT_TOPIC, "sluice.connector-checkpoints"),
          Map.entry(DEDUP_MAX_KEYS, "20000"),
          // longer than the 15-minute transaction.max.timeout.ms a broker allows by default
          Map.entry(CHECKPOINT_READ_TIMEOUT, "16m"));

  /** The settings every connector reads (vendors add their own, e.g. {@code okta.limit}). */
  public static final java.util.Set<String> GENERAL_KEYS =
      java.util.Set.of(
          CONNECTOR_ID,
          BOOTSTRAP_SERVERS,
          BASE_URL,
          SINCE,
          POLL_INTERVAL,
          HTTP_PORT,
          HTTP_BIND,
          HEALTH_CHECK_INTERVAL,
          CONNECT_TIMEOUT,
          REQUEST_TIMEOUT,
          MAX_PAGE_BYTES,
          RATE_LIMIT,
          RETRY_MAX_ATTEMPTS,
          RETRY_INITIAL_BACKOFF,
          RETRY_MAX_BACKOFF,
          READY_MAX_FAILED_POLLS,
          TOPIC_PARTITIONS,
          TOPICS_CREATE,
          CHECKPOINT_TOPIC,
          DEDUP_MAX_KEYS,
          CHECKPOINT_READ_TIMEOUT);

  /** The key an environment variable sets: {@code SLUICE_POLL_INTERVAL} → {@code poll.interval}. */
  public static java.util.Optional<String> keyOfEnvironmentName(String name) {
    if (!name.startsWith(ENV_PREFIX) || NOT_SETTINGS.contains(name)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
  }

  private final Map<String, String> values;

  private ConnectorConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /**
   * @param vendorDefaults the connector's own defaults (e.g. {@code rate.limit}), below the file
   */
  public static ConnectorConfig load(
      Map<String, String> vendorDefaults,
      Optional<Path> file,
      Map<String, String> env,
      Map<String, String> flags) {
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    values.putAll(vendorDefaults);
    file.ifPresent(path -> values.putAll(readFile(path)));
    env.forEach((name, value) -> keyOfEnvironmentName(name).ifPresent(k -> values.put(k, value)));
    values.putAll(flags);
    return new ConnectorConfig(values);
  }

  /** Defaults only, plus {@code overrides}: for tests. */
  public static ConnectorConfig of(Map<String, String> overrides) {
    return load(Map.of(), Optional.empty(), Map.of(), overrides);
  }

  private static Map<String, String> readFile(Path path) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException("Cannot read config file " + path + ": " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(k -> values.put(k, properties.getProperty(k).trim()));
    return values;
  }

  public Optional<String> find(String key) {
    return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
  }

  public String string(String key) {
    return find(key)
        .orElseThrow(
            () ->
                new ConfigException(
                    "Missing setting '"
                        + key
                        + "' (flag, config file or SLUICE_"
                        + key.toUpperCase(Locale.ROOT).replace('.', '_')
                        + ")"));
  }

  public Duration duration(String key) {
    try {
      return Durations.parse(string(key));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Setting '" + key + "': " + e.getMessage());
    }
  }

  public Instant since(String key, Instant now) {
    try {
      return Durations.since(string(key), now);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Setting '" + key + "': " + e.getMessage());
    }
  }

  /**
   * {@link #since(String, Instant)}, but no further back than {@code retention}: older data is gone
   * at the vendor, so the start is moved up to {@code now - retention} (and logged as older than
   * {@code limit}, e.g. "Okta's 90-day retention").
   */
  public Instant since(String key, Instant now, Duration retention, String limit) {
    Instant since = since(key, now);
    Instant oldest = now.minus(retention);
    if (since.isBefore(oldest)) {
      log.info("since {} is older than {}; starting at {}", since, limit, oldest);
      return oldest;
    }
    return since;
  }

  /** An absolute URL with scheme and host; {@code example} is shown when it is not one. */
  public URI url(String key, String example) {
    String value = string(key);
    URI uri;
    try {
      uri = URI.create(value.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Setting '" + key + "': '" + value + "' is not a URL");
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new ConfigException(
          "Setting '" + key + "': '" + value + "' needs a scheme and host, e.g. " + example);
    }
    return uri;
  }

  public long longValue(String key) {
    try {
      return Long.parseLong(string(key));
    } catch (NumberFormatException e) {
      throw new ConfigException("Setting '" + key + "': '" + values.get(key) + "' is not a number");
    }
  }

  public int intValue(String key) {
    long value = longValue(key);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new ConfigException("Setting '" + key + "': " + value + " is out of range");
    }
    return (int) value;
  }

  /** {@link #intValue} within {@code min..max}, e.g. a vendor's page size. */
  public int intValue(String key, int min, int max) {
    int value = intValue(key);
    if (value < min || value > max) {
      throw new ConfigException(
          "Setting '" + key + "': " + value + " is not within " + min + ".." + max);
    }
    return value;
  }

  public boolean bool(String key) {
    String value = string(key).toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw new ConfigException("Setting '" + key + "': '" + value + "' is not true or false");
    }
    return Boolean.parseBoolean(value);
  }

  /** The {@code kafka.*} settings with the prefix removed. */
  public Map<String, String> kafkaSettings() {
    Map<String, String> kafka = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(KAFKA_PREFIX)) {
            kafka.put(k.substring(KAFKA_PREFIX.length()), v);
          }
        });
    return kafka;
  }
}
