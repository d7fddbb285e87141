package io.sluice.schemas.serde;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of the Avro serdes and registry clients, under the key names Confluent's serdes
 * use, so that one properties file configures either.
 *
 * <p>Built on Kafka's {@link ConfigDef} for typed parsing (strings or booleans, as Kafka Streams
 * passes them) and because its {@link Password} type keeps the basic-auth secret out of {@code
 * toString()} and logs.
 */
public final class SerdeConfig extends AbstractConfig {

  /** Registry base URL: {@code http(s)://host:port[/path]} or {@code mem://<scope>}. Required. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /**
   * Whether the serializer registers the record's schema (default true). When false it only looks
   * the id up and fails if the schema was not registered beforehand.
   */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** {@code user:password} for HTTP basic authentication against the registry. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Time a registry request may take, connection included, in milliseconds. */
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  /** Time to establish a connection to the registry, in milliseconds. */
  public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";

  static final int DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
  static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

  private static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              SCHEMA_REGISTRY_URL,
              Type.STRING,
              null,
              Importance.HIGH,
              "Schema registry URL: http(s)://host:port[/path] or mem://<scope>.")
          .define(
              AUTO_REGISTER_SCHEMAS,
              Type.BOOLEAN,
              true,
              Importance.MEDIUM,
              "Register the record's schema on first use; when false it must already be registered.")
          .define(
              BASIC_AUTH_USER_INFO,
              Type.PASSWORD,
              null,
              Importance.MEDIUM,
              "user:password for HTTP basic authentication against the registry.")
          .define(
              REQUEST_TIMEOUT_MS,
              Type.INT,
              DEFAULT_REQUEST_TIMEOUT_MS,
              Range.atLeast(1),
              Importance.LOW,
              "Time a registry request may take, in milliseconds.")
          .define(
              CONNECT_TIMEOUT_MS,
              Type.INT,
              DEFAULT_CONNECT_TIMEOUT_MS,
              Range.atLeast(1),
              Importance.LOW,
              "Time to connect to the registry, in milliseconds.");

  public SerdeConfig(Map<String, ?> props) {
    super(DEFINITION, props, false);
  }

  /** The definition, e.g. for documentation. */
  public static ConfigDef definition() {
    return new ConfigDef(DEFINITION);
  }

  /** The registry URL; a {@link ConfigException} naming the key when it is missing. */
  public String schemaRegistryUrl() {
    String url = getString(SCHEMA_REGISTRY_URL);
    if (url == null || url.isBlank()) {
      throw new ConfigException(
          "Missing required configuration \""
              + SCHEMA_REGISTRY_URL
              + "\": set it to the registry's base URL (http(s)://...) or mem://<scope>");
    }
    return url.trim();
  }

  public boolean autoRegisterSchemas() {
    return getBoolean(AUTO_REGISTER_SCHEMAS);
  }

  public Optional<String> basicAuthUserInfo() {
    Password password = getPassword(BASIC_AUTH_USER_INFO);
    return password == null || password.value().isEmpty()
        ? Optional.empty()
        : Optional.of(password.value());
  }

  public Duration requestTimeout() {
    return Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS));
  }

  public Duration connectTimeout() {
    return Duration.ofMillis(getInt(CONNECT_TIMEOUT_MS));
  }
}
