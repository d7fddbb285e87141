package io.sluice.connectors.crowdstrike;

import io.sluice.connectors.config.ConfigException;
import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.connectors.core.Feed;
import io.sluice.connectors.http.HintingAuthenticator;
import io.sluice.connectors.http.OAuth2ClientCredentials;
import io.sluice.connectors.http.Origins;
import io.sluice.connectors.http.RateLimitHeaders;
import io.sluice.connectors.http.Secrets;
import io.sluice.connectors.window.Window;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sluice connector crowdstrike}: Falcon alerts of the cloud at {@code base.url} ({@code
 * https://api.crowdstrike.com} for US-1; {@code api.us-2.crowdstrike.com}, {@code
 * api.eu-1.crowdstrike.com}, {@code api.laggar.gcw.crowdstrike.com} for the others), with an API
 * client's {@code CROWDSTRIKE_CLIENT_ID} and {@code CROWDSTRIKE_CLIENT_SECRET} (or {@code _FILE})
 * exchanged at {@code <base.url>/oauth2/token}.
 */
public final class CrowdStrikeConnectorFactory implements ConnectorFactory {
  public static final String CLIENT_ID_ENV = "CROWDSTRIKE_CLIENT_ID";
  public static final String CLIENT_SECRET_ENV = "CROWDSTRIKE_CLIENT_SECRET";
  public static final String LIMIT = "crowdstrike.limit";

  /**
   * How far before the newest {@code updated_timestamp} published each new query starts.
   * CrowdStrike documents no delay between an alert's update and its visibility in the alerts API;
   * 30 minutes is ours (alert volumes are small, so re-reading half an hour costs little).
   */
  public static final String OVERLAP = "crowdstrike.overlap";

  /**
   * How far back a backfill may reach. Falcon's alert retention is not in the sources we have
   * (CrowdStrike's API documentation we have is silent); 90 days is the commonly quoted default
   * detection retention and is used as a cap, not as a promise: older alerts simply do not come
   * back.
   */
  static final Duration RETENTION = Duration.ofDays(90);

  /** Falcon tokens live 30 minutes; fetch a new one this much before expiry. */
  private static final Duration REFRESH_BEFORE = Duration.ofMinutes(1);

  @Override
  public String name() {
    return "crowdstrike";
  }

  @Override
  public String source() {
    return CrowdStrikeAlertsFeed.SOURCE;
  }

  @Override
  public String description() {
    return "CrowdStrike Falcon alerts (/alerts/combined/alerts/v1) → "
        + CrowdStrikeAlertsFeed.TOPIC;
  }

  @Override
  public Map<String, String> defaults() {
    // Falcon publishes no numeric limit (429 with X-Ratelimit-Retryafter when exceeded); one
    // request a second is far below what a tenant's API clients share.
    return Map.of(
        ConnectorConfig.BASE_URL,
        "https://api.crowdstrike.com",
        LIMIT,
        "500",
        OVERLAP,
        "30m",
        ConnectorConfig.RATE_LIMIT,
        "60/1m");
  }

  /** The API client id: each client belongs to one customer (CID). */
  @Override
  public String tenant(ConnectorConfig config, Secrets secrets) {
    return clientId(secrets);
  }

  @Override
  public RateLimitHeaders rateLimitHeaders() {
    return new CrowdStrikeRateLimitHeaders();
  }

  private static String clientId(Secrets secrets) {
    return secrets
        .plain(CLIENT_ID_ENV)
        .orElseThrow(
            () -> new ConfigException("No CrowdStrike API client id: set " + CLIENT_ID_ENV));
  }

  @Override
  public Feed create(Context context) {
    ConnectorConfig config = context.config();
    URI baseUrl = config.url(ConnectorConfig.BASE_URL, "https://api.crowdstrike.com");
    int limit = config.intValue(LIMIT, 1, 1000);
    String clientId = clientId(context.secrets());
    Instant since =
        config.since(
            ConnectorConfig.SINCE,
            context.clock().instant(),
            RETENTION,
            "the " + RETENTION.toDays() + "-day cap for Falcon alerts");
    OAuth2ClientCredentials oauth =
        new OAuth2ClientCredentials(
            context.http(source()),
            Origins.resolve(baseUrl, "/oauth2/token"),
            clientId,
            context.secrets().require(CLIENT_SECRET_ENV, "CrowdStrike API client secret"),
            Optional.empty(),
            REFRESH_BEFORE,
            context.clock());
    return new CrowdStrikeAlertsFeed(
        baseUrl,
        since,
        Window.Settings.of(config, OVERLAP),
        limit,
        context.http(source()),
        new HintingAuthenticator(
            oauth,
            "Check "
                + CLIENT_ID_ENV
                + " and "
                + CLIENT_SECRET_ENV
                + " (or "
                + CLIENT_SECRET_ENV
                + "_FILE), and that base.url is the API client's cloud"),
        context.clock());
  }
}
