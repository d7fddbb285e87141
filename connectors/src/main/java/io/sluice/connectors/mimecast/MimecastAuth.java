package io.sluice.connectors.mimecast;

import io.sluice.connectors.core.VendorException;
import io.sluice.connectors.http.Authenticator;
import io.sluice.connectors.http.HintingAuthenticator;
import io.sluice.connectors.http.HttpPageClient;
import io.sluice.connectors.http.OAuth2ClientCredentials;
import io.sluice.connectors.http.Origins;
import io.sluice.connectors.http.Secret;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Mimecast API 2.0 OAuth2 client credentials: {@code POST {base}/oauth/token}, tokens live 1799 s
 * and are refreshed 60 s early (as Elastic's input does) and once after a 401. Adds to a rejected
 * token request the names of the variables an operator has to check.
 */
final class MimecastAuth implements Authenticator {
  static final Duration REFRESH_BEFORE = Duration.ofSeconds(60);

  private final Authenticator oauth;

  MimecastAuth(HttpPageClient http, URI baseUrl, String clientId, Secret secret, Clock clock) {
    this.oauth =
        new HintingAuthenticator(
            new OAuth2ClientCredentials(
                http,
                Origins.resolve(baseUrl, "/oauth/token"),
                clientId,
                secret,
                Optional.empty(),
                REFRESH_BEFORE,
                clock),
            MimecastErrors.CREDENTIALS_HINT);
  }

  @Override
  public void authenticate(HttpRequest.Builder request)
      throws VendorException, InterruptedException {
    oauth.authenticate(request);
  }

  @Override
  public boolean refreshAfterUnauthorized() {
    return oauth.refreshAfterUnauthorized();
  }
}
