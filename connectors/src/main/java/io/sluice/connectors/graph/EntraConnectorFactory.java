package io.sluice.connectors.graph;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sluice connector entra}: Microsoft Entra ID sign-in logs through Microsoft Graph, with an
 * app registration's client credentials ({@code ENTRA_CLIENT_ID}, {@code ENTRA_CLIENT_SECRET} or
 * {@code ENTRA_CLIENT_SECRET_FILE}) exchanged at {@code
 * <entra.login.url>/<entra.tenant>/oauth2/v2.0/token} for a token with scope {@code
 * https://graph.microsoft.com/.default}.
 */
public final class EntraConnectorFactory implements ConnectorFactory {
  public static final String CLIENT_ID_ENV = "ENTRA_CLIENT_ID";
  public static final String CLIENT_SECRET_ENV = "ENTRA_CLIENT_SECRET";
  public static final String TENANT = "entra.tenant";
  public static final String LOGIN_URL = "entra.login.url";
  public static final String SCOPE = "entra.scope";
  public static final String TOP = "entra.top";

  /**
   * How far before the newest sign-in published each new query starts. Microsoft last published
   * sign-in log latency as 2 minutes at the 95th and 5 minutes at the 99th percentile ("Azure AD
   * reporting latencies", since replaced by "Log latency in Microsoft Entra ID", which gives no
   * figures); its FAQ adds that MFA sign-ins may take up to two hours to aggregate. 15 minutes is
   * three times the last published 99th percentile; raise it toward 2h to catch the MFA tail, at
   * the cost of re-reading that much each poll.
   */
  public static final String OVERLAP = "entra.overlap";

  /**
   * Microsoft Entra keeps sign-in logs 30 days with a P1/P2 licence (7 days on the free tier, which
   * cannot read them through Graph at all), per Microsoft Learn's "Microsoft Entra data retention"
   * page; a tenant that exports them elsewhere may keep more, but Graph serves only these 30 days.
   */
  static final Duration RETENTION = Duration.ofDays(30);

  /** Entra tokens live 60-90 minutes; fetch a new one this much before expiry. */
  private static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);

  @Override
  public String name() {
    return "entra";
  }

  @Override
  public String source() {
    return GraphSignInsFeed.SOURCE;
  }

  @Override
  public String description() {
    return "Microsoft Entra ID sign-ins (Graph /v1.0/auditLogs/signIns) → "
        + GraphSignInsFeed.TOPIC;
  }

  @Override
  public Map<String, String> defaults() {
    // Graph documents 5 requests per 10 s per app and tenant for identity and access reports (one
    // version of the throttling page; another says more), so the client side stays within the
    // stricter reading. 1000 is both the default and the maximum page.
    return Map.of(
        ConnectorConfig.BASE_URL,
        "https://graph.microsoft.com",
        LOGIN_URL,
        "https://login.microsoftonline.com",
        SCOPE,
        "https://graph.microsoft.com/.default",
        TOP,
        "1000",
        OVERLAP,
        "15m",
        ConnectorConfig.RATE_LIMIT,
        "5/10s");
  }

  /** The tenant id or primary domain of {@code entra.tenant}, lower-cased. */
  @Override
  public String tenant(ConnectorConfig config, Secrets secrets) {
    return config.string(TENANT).trim().toLowerCase(Locale.ROOT);
  }

  @Override
  public RateLimitHeaders rateLimitHeaders() {
    return new GraphRetryAfterHeaders();
  }

  @Override
  public Feed create(Context context) {
    ConnectorConfig config = context.config();
    URI baseUrl = config.url(ConnectorConfig.BASE_URL, "https://...");
    URI loginUrl = config.url(LOGIN_URL, "https://...");
    String tenant = config.string(TENANT).trim();
    int top = config.intValue(TOP, 1, 1000);
    Window.Settings window = Window.Settings.of(config, OVERLAP);
    String clientId =
        context
            .secrets()
            .plain(CLIENT_ID_ENV)
            .orElseThrow(
                () ->
                    new ConfigException("No Entra application (client) id: set " + CLIENT_ID_ENV));
    Instant since =
        config.since(
            ConnectorConfig.SINCE,
            context.clock().instant(),
            RETENTION,
            "the " + RETENTION.toDays() + "-day retention of Entra sign-in logs");
    URI tokenUri =
        Origins.resolve(
            loginUrl,
            "/" + URLEncoder.encode(tenant, StandardCharsets.UTF_8) + "/oauth2/v2.0/token");
    OAuth2ClientCredentials oauth =
        new OAuth2ClientCredentials(
            context.http(source()),
            tokenUri,
            clientId,
            context.secrets().require(CLIENT_SECRET_ENV, "Entra client secret"),
            Optional.of(config.string(SCOPE)),
            REFRESH_BEFORE,
            context.clock());
    return new GraphSignInsFeed(
        baseUrl,
        since,
        top,
        window,
        context.http(source()),
        new HintingAuthenticator(
            oauth,
            "Check "
                + TENANT
                + ", "
                + CLIENT_ID_ENV
                + " and "
                + CLIENT_SECRET_ENV
                + " (or "
                + CLIENT_SECRET_ENV
                + "_FILE)"),
        context.clock());
  }
}
