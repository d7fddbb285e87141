package io.sluice.connectors.http;

import java.net.http.HttpRequest;

/** Okta API token: {@code Authorization: SSWS <token>}. A 401 is final: the token is static. */
public final class SswsAuthenticator implements Authenticator {
  private final Secret token;

  public SswsAuthenticator(Secret token) {
    this.token = token;
  }

  @Override
  public void authenticate(HttpRequest.Builder request) {
    request.header("Authorization", "SSWS " + token.reveal());
  }

  @Override
  public boolean refreshAfterUnauthorized() {
    return false;
  }
}
