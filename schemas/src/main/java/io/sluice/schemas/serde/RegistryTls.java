package io.sluice.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;

/**
 * The TLS context for an {@code https://} registry with a private CA or client certificates, from
 * the same {@code schema.registry.ssl.*} keys Confluent's serdes read. Without them the JVM's
 * default trust store applies. Passwords go only into the key store API, never into a message.
 */
final class RegistryTls {
  private RegistryTls() {}

  static Optional<SSLContext> sslContext(SerdeConfig config) {
    Optional<Path> truststore = config.truststoreLocation();
    Optional<Path> keystore = config.keystoreLocation();
    if (truststore.isEmpty() && keystore.isEmpty()) {
      return Optional.empty();
    }
    try {
      TrustManagerFactory trust = null;
      if (truststore.isPresent()) {
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(
            load(
                truststore.get(),
                config.truststoreType(),
                config.truststorePassword(),
                SerdeConfig.SSL_TRUSTSTORE_LOCATION));
      }
      KeyManagerFactory keys = null;
      if (keystore.isPresent()) {
        char[] password = config.keystorePassword();
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(
            load(
                keystore.get(), config.keystoreType(), password, SerdeConfig.SSL_KEYSTORE_LOCATION),
            config.keyPassword().orElse(password));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keys == null ? null : keys.getKeyManagers(),
          trust == null ? null : trust.getTrustManagers(),
          null);
      return Optional.of(context);
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          "Cannot set up TLS for the schema registry: "
              + e.getClass().getSimpleName()
              + " (check the schema.registry.ssl.* settings)");
    }
  }

  private static KeyStore load(Path path, String type, char[] password, String key)
      throws GeneralSecurityException {
    try (InputStream in = Files.newInputStream(path)) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, password);
      return store;
    } catch (IOException e) {
      throw new ConfigException(
          "Cannot read " + key + " " + path + ": " + e.getClass().getSimpleName());
    }
  }
}
