package io.sluice.connectors.http;

import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.VendorException;
import java.net.URI;

/**
 * A vendor's credentials only ever go to the origin of the configured {@code base.url}: a
 * checkpoint or next link that points elsewhere (a moved org, a tampered checkpoint) stops the
 * connector instead of sending them there.
 */
public final class Origins {
  private Origins() {}

  /**
   * {@code path} under {@code baseUrl}, which may carry a path of its own and trailing slashes
   * ({@code https://api.example/v2/} + {@code /logs} = {@code https://api.example/v2/logs}).
   */
  public static URI resolve(URI baseUrl, String path) {
    return URI.create(baseUrl.toString().replaceAll("/+$", "") + path);
  }

  /** {@code scheme://host[:port]}. */
  public static String of(URI uri) {
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return uri.getScheme() + "://" + uri.getHost() + port;
  }

  /**
   * @param what what is to be fetched, e.g. "next link"
   * @param ifChanged when deleting the checkpoint is the fix, e.g. "base.url changed"
   * @throws VendorException (permanent) when {@code uri} is not on {@code baseUrl}'s origin
   */
  public static void requireSame(URI uri, URI baseUrl, String what, String ifChanged)
      throws VendorException {
    if (!of(uri).equals(of(baseUrl))) {
      throw new VendorException(
          ErrorKind.PERMANENT,
          null,
          null,
          "the "
              + what
              + " to fetch is on "
              + of(uri)
              + ", not on base.url "
              + of(baseUrl)
              + "; if "
              + ifChanged
              + ", delete this connector's checkpoint to start again");
    }
  }
}
