package io.sluice.connectors.okta;

import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.core.Feed;
import io.sluice.connectors.http.RateLimitHeaders;
import io.sluice.connectors.http.Secrets;
import io.sluice.connectors.http.SswsAuthenticator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * {@code sluice connector okta}: the System Log of the org at {@code base.url} (e.g. {@code
 * https://acme.okta.com}), with the API token from {@code OKTA_API_TOKEN} or {@code
 * OKTA_API_TOKEN_FILE}.
 */
public final class OktaConnectorFactory implements ConnectorFactory {
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

  /** The org host (with its port when one is given): one org, one checkpoint. */
  @Override
  public String tenant(ConnectorConfig config, Secrets secrets) {
    URI baseUrl = config.url(ConnectorConfig.BASE_URL, "https://acme.okta.com");
    String host = baseUrl.getHost().toLowerCase(Locale.ROOT);
    return baseUrl.getPort() < 0 ? host : host + ":" + baseUrl.getPort();
  }

  @Override
  public RateLimitHeaders rateLimitHeaders() {
    return new OktaRateLimitHeaders();
  }

  @Override
  public Feed create(Context context) {
    ConnectorConfig config = context.config();
    URI baseUrl = config.url(ConnectorConfig.BASE_URL, "https://acme.okta.com");
    int limit = config.intValue(LIMIT, 1, 1000);
    Instant since =
        config.since(
            ConnectorConfig.SINCE,
            context.clock().instant(),
            RETENTION,
            "Okta's " + RETENTION.toDays() + "-day retention");
    return new OktaSystemLogFeed(
        baseUrl,
        since,
        limit,
        context.http(source()),
        new SswsAuthenticator(context.secrets().require(TOKEN_ENV, "Okta API token")),
        context.clock());
  }
}
