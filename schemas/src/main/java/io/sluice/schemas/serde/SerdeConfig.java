package io.sluice.schemas.serde;

import java.nio.file.Path;
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

  /** Trust store (PKCS12 or JKS) for an {@code https://} registry signed by a private CA. */
  public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";

  public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

  /** Key store with a client certificate, for a registry that wants mutual TLS. */
  public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";

  public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
  public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";

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
              "Time to connect to the registry, in milliseconds.")
          .define(
              SSL_TRUSTSTORE_LOCATION,
              Type.STRING,
              null,
              Importance.MEDIUM,
              "Trust store for an https registry with a private CA.")
          .define(
              SSL_TRUSTSTORE_PASSWORD,
              Type.PASSWORD,
              null,
              Importance.MEDIUM,
              "Password of the registry trust store.")
          .define(
              SSL_TRUSTSTORE_TYPE,
              Type.STRING,
              "PKCS12",
              Importance.LOW,
              "Type of the registry trust store (PKCS12 or JKS).")
          .define(
              SSL_KEYSTORE_LOCATION,
              Type.STRING,
              null,
              Importance.MEDIUM,
              "Key store with a client certificate for mutual TLS with the registry.")
          .define(
              SSL_KEYSTORE_PASSWORD,
              Type.PASSWORD,
              null,
              Importance.MEDIUM,
              "Password of the registry key store.")
          .define(
              SSL_KEYSTORE_TYPE,
              Type.STRING,
              "PKCS12",
              Importance.LOW,
              "Type of the registry key store (PKCS12 or JKS).")
          .define(
              SSL_KEY_PASSWORD,
              Type.PASSWORD,
              null,
              Importance.LOW,
              "Password of the key in the registry key store, when it differs.");

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

  Optional<Path> truststoreLocation() {
    return path(SSL_TRUSTSTORE_LOCATION);
  }

  Optional<Path> keystoreLocation() {
    return path(SSL_KEYSTORE_LOCATION);
  }

  String truststoreType() {
    return getString(SSL_TRUSTSTORE_TYPE);
  }

  String keystoreType() {
    return getString(SSL_KEYSTORE_TYPE);
  }

  char[] truststorePassword() {
    return chars(SSL_TRUSTSTORE_PASSWORD).orElse(null);
  }

  char[] keystorePassword() {
    return chars(SSL_KEYSTORE_PASSWORD).orElse(new char[0]);
  }

  Optional<char[]> keyPassword() {
    return chars(SSL_KEY_PASSWORD);
  }

  private Optional<Path> path(String key) {
    String value = getString(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.trim()));
  }

  private Optional<char[]> chars(String key) {
    Password password = getPassword(key);
    return password == null ? Optional.empty() : Optional.of(password.value().toCharArray());
  }

  public Duration requestTimeout() {
    return Duration.ofMillis(getInt(REQUEST_TIMEOUT_MS));
  }

  public Duration connectTimeout() {
    return Duration.ofMillis(getInt(CONNECT_TIMEOUT_MS));
  }
}
