package io.sluice.connectors.http;

import io.sluice.connectors.core.VendorException;
import java.net.http.HttpRequest;

/** Adds a vendor's credentials to a request. */
public interface Authenticator {

  /** Adds the credentials (fetching a token first when needed). */
  void authenticate(HttpRequest.Builder request) throws VendorException, InterruptedException;

  /**
   * Called after the vendor answered 401. Returns true when sending the request once more with
   * fresh credentials may help (an OAuth2 token can be revoked or expire early); a static API token
   * returns false.
   */
  boolean refreshAfterUnauthorized();
}
