package io.sluice.connectors.http;

import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.VendorException;
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

  /**
   * The body is not the JSON the vendor documents (e.g. cut off in transit): retried, and the
   * checkpoint stays where it was.
   */
  public VendorException malformedPage(JsonRecords.MalformedPageException e) {
    return new VendorException(
        ErrorKind.RETRYABLE,
        Integer.toString(status),
        null,
        where() + ": malformed page, " + e.getMessage());
  }
}
