package io.sluice.connectors.okta;

import io.sluice.connectors.config.ConfigException;
import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.core.Feed;
import io.sluice.connectors.http.SswsAuthenticator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sluice connector okta}: the System Log of the org at {@code base.url} (e.g. {@code
 * https://acme.okta.com}), with the API token from {@code OKTA_API_TOKEN} or {@code
 * OKTA_API_TOKEN_FILE}.
 */
public final class OktaConnectorFactory implements ConnectorFactory {
  private static final Logger log = LoggerFactory.getLogger(OktaConnectorFactory.class);

  public static final String TOKEN_ENV = "OKTA_API_TOKEN";
  public static final String LIMIT = "okta.limit";

  /** Okta keeps 90 days of System Log; older {@code since} values return nothing (or a 400). */
  static final Duration RETENTION = Duration.ofDays(90);

  @Override
  public String name() {
    return "okta";
  }

  @Override
  public String source() {
    return OktaSystemLogFeed.SOURCE;
  }

  @Override
  public String description() {
    return "Okta System Log (/api/v1/logs) → " + OktaSystemLogFeed.TOPIC;
  }

  @Override
  public Map<String, String> defaults() {
    // Okta's documented maximum page; the System Log's own rate limit is org-specific (often
    // 60/min), so the client side stays just under a minute's worth by default.
    return Map.of(LIMIT, "1000", ConnectorConfig.RATE_LIMIT, "50/1m");
  }

  @Override
  public Feed create(Context context) {
    ConnectorConfig config = context.config();
    URI baseUrl = baseUrl(config.string(ConnectorConfig.BASE_URL));
    int limit = config.intValue(LIMIT);
    if (limit < 1 || limit > 1000) {
      throw new ConfigException("Setting '" + LIMIT + "': " + limit + " is not within 1..1000");
    }
    Instant now = context.clock().instant();
    Instant since = config.since(ConnectorConfig.SINCE, now);
    Instant oldest = now.minus(RETENTION);
    if (since.isBefore(oldest)) {
      log.info(
          "since {} is older than Okta's {}-day retention; starting at {}",
          since,
          RETENTION.toDays(),
          oldest);
      since = oldest;
    }
    return new OktaSystemLogFeed(
        baseUrl,
        since,
        limit,
        context.http(),
        new SswsAuthenticator(context.secrets().require(TOKEN_ENV, "Okta API token")),
        context.clock());
  }

  private static URI baseUrl(String value) {
    URI uri;
    try {
      uri = URI.create(value.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("Setting 'base.url': '" + value + "' is not a URL");
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new ConfigException(
          "Setting 'base.url': '"
              + value
              + "' needs a scheme and host, e.g. https://acme.okta.com");
    }
    return uri;
  }
}
