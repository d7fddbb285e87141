package io.sluice.schemas.serde;

import java.util.Locale;
import java.util.Map;

/**
 * Picks the registry client for a URL, so that configuration alone chooses between a real registry
 * and the in-memory one.
 */
public final class SchemaRegistryClients {

  private SchemaRegistryClients() {}

  /**
   * A caching client for {@code url}: {@code http://} or {@code https://} for a registry speaking
   * the Confluent protocol, {@code mem://<scope>} for the in-memory one. {@code config} carries the
   * {@link SerdeConfig} keys for credentials and timeouts.
   *
   * @throws IllegalArgumentException for any other scheme, naming it
   */
  public static SchemaRegistryClient forUrl(String url, Map<String, ?> config) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("Schema registry URL must not be blank");
    }
    String trimmed = url.trim();
    int separator = trimmed.indexOf("://");
    // only the scheme goes into messages: the rest of the URL may carry a password
    String scheme = separator < 0 ? "" : trimmed.substring(0, separator).toLowerCase(Locale.ROOT);
    SchemaRegistryClient client =
        switch (scheme) {
          case "http", "https" -> new HttpSchemaRegistryClient(trimmed, config);
          case InMemorySchemaRegistryClient.SCHEME -> InMemorySchemaRegistryClient.forUrl(trimmed);
          case "" ->
              throw new IllegalArgumentException(
                  "Schema registry URL has no scheme: use http://, https:// or mem://<scope>");
          default ->
              throw new IllegalArgumentException(
                  "Unsupported schema registry URL scheme '"
                      + scheme
                      + "': use http://, https:// or mem://<scope>");
        };
    return CachingSchemaRegistryClient.wrap(client);
  }
}
