package io.sluice.connectors.http;

import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.VendorException;
import java.net.http.HttpRequest;

/**
 * Adds an operator hint (which variables and settings hold the credentials) to a token endpoint's
 * refusal, so that "invalid_client" comes with what to fix. The hint names variables, never values.
 */
public final class HintingAuthenticator implements Authenticator {
  private final Authenticator delegate;
  private final String hint;

  public HintingAuthenticator(Authenticator delegate, String hint) {
    this.delegate = delegate;
    this.hint = hint;
  }

  @Override
  public void authenticate(HttpRequest.Builder request)
      throws VendorException, InterruptedException {
    try {
      delegate.authenticate(request);
    } catch (VendorException e) {
      if (e.kind() != ErrorKind.AUTHENTICATION) {
        throw e;
      }
      throw new VendorException(
          e.kind(),
          e.status(),
          e.vendorCode().orElse(null),
          e.getMessage() + ". " + hint,
          e.retryAfter().orElse(null),
          e);
    }
  }

  @Override
  public boolean refreshAfterUnauthorized() {
    return delegate.refreshAfterUnauthorized();
  }
}
