package io.sluice.connectors.core;

import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.RateLimitHeaders;
import io.sluice.connectors.http.Secrets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One vendor feed's entry in {@code sluice connector <name>}, found with {@link
 * java.util.ServiceLoader} so that adding a vendor edits no shared class (only the services file).
 */
public interface ConnectorFactory {

  /** The command-line name, e.g. {@code okta}. */
  String name();

  /** The {@code source} label, e.g. {@code okta.system-log}. */
  String source();

  /** One line for {@code --help}. */
  String description();

  /** Settings this vendor needs different from the framework's (e.g. its {@code rate.limit}). */
  default Map<String, String> defaults() {
    return Map.of();
  }

  /**
   * The vendor account this connector reads (Okta org host, Mimecast application, Entra tenant,
   * CrowdStrike API client): recorded in every checkpoint, refused when a checkpoint names another,
   * and part of the default connector id, since vendor hosts are shared by every customer.
   *
   * @throws io.sluice.connectors.config.ConfigException when the setting that names it is missing
   */
  String tenant(ConnectorConfig config, Secrets secrets);

  /** The vendor's rate-limit headers, read on every API answer; null when it sends none. */
  default RateLimitHeaders rateLimitHeaders() {
    return null;
  }

  /**
   * Builds the feed from configuration and secrets.
   *
   * @throws io.sluice.connectors.config.ConfigException for a setting an operator must fix
   */
  Feed create(Context context);

  /**
   * The feeds this connector runs in one process (one unless the vendor can share an application
   * between feeds, as {@code mimecast --feeds} does); each gets its own transactional id and
   * checkpoint, and they share the HTTP client, the token and the rate gate.
   */
  default List<Feed> feeds(Context context) {
    return List.of(create(context));
  }

  /**
   * What a factory gets to build its feeds.
   *
   * @param clients an HTTP client per source: meters of its own, the shared rate gate
   */
  record Context(
      ConnectorConfig config,
      Secrets secrets,
      Function<String, HttpPageClient> clients,
      Clock clock) {
    /** The HTTP client of {@code source}. */
    public HttpPageClient http(String source) {
      return clients.apply(source);
    }
  }
}
