package io.sluice.connectors.core;

import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.Secrets;
import java.time.Clock;
import java.util.Map;

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
   * Builds the feed from configuration and secrets.
   *
   * @throws io.sluice.connectors.config.ConfigException for a setting an operator must fix
   */
  Feed create(Context context);

  /** What a factory gets to build its feed. */
  record Context(ConnectorConfig config, Secrets secrets, HttpPageClient http, Clock clock) {}
}
