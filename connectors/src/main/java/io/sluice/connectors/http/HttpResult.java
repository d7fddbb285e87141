package io.sluice.connectors.http;

import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * A complete vendor response: status, headers and the (decompressed, size-capped) body bytes.
 *
 * @param body exactly the bytes the vendor sent, after gzip decoding
 */
public record HttpResult(URI uri, int status, HttpHeaders headers, byte[] body) {

  /** {@code scheme://host/path} without the query, for messages (a query may carry tokens). */
  public String where() {
    return HttpPageClient.describe(uri);
  }
}
