package io.sluice.connectors.http;

import io.sluice.connectors.core.ConnectorMetrics;
import io.sluice.connectors.core.ErrorKind;
import io.sluice.connectors.core.RateGate;
import io.sluice.connectors.core.Sleeper;
import io.sluice.connectors.core.VendorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * The one way connectors talk HTTP: {@code java.net.http} with a connect timeout (on the client)
 * and a request timeout (per request), gzip bodies, and a cap on the decompressed body size so that
 * a runaway page (or a gzip bomb) fails clearly instead of exhausting the heap.
 *
 * <p>Every exchange is counted in {@code sluice_connector_requests_total{status}}. Transport
 * failures are {@link ErrorKind#RETRYABLE}. Messages name the host and path only: queries can carry
 * page tokens, and request headers (credentials) are never echoed.
 */
public final class HttpPageClient {
  private static final String USER_AGENT = "sluice-connectors";
  private static final int CHUNK = 64 * 1024;

  private final HttpClient client;
  private final Duration requestTimeout;
  private final long maxBodyBytes;
  private final ConnectorMetrics metrics;
  private final RateGate gate;
  private final Optional<RateLimitHeaders> rateLimit;
  private final Clock clock;

  /** A client without a rate gate (tests of one feed, token endpoints). */
  public HttpPageClient(
      HttpClient client, Duration requestTimeout, long maxBodyBytes, ConnectorMetrics metrics) {
    this(
        client,
        requestTimeout,
        maxBodyBytes,
        metrics,
        new RateGate(Duration.ZERO, Clock.systemUTC(), Sleeper.real(), () -> 0.0),
        null,
        Clock.systemUTC());
  }

  /**
   * @param gate paces the authenticated API requests (shared by the feeds of one application)
   * @param rateLimit reads the vendor's rate-limit headers of every API answer; null: none
   */
  public HttpPageClient(
      HttpClient client,
      Duration requestTimeout,
      long maxBodyBytes,
      ConnectorMetrics metrics,
      RateGate gate,
      RateLimitHeaders rateLimit,
      Clock clock) {
    this.client = client;
    this.requestTimeout = requestTimeout;
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
    this.gate = gate;
    this.rateLimit = Optional.ofNullable(rateLimit);
    this.clock = clock;
  }

  /** This client's HTTP client, gate and header parser, counting in {@code other}'s meters. */
  public HttpPageClient forMetrics(ConnectorMetrics other) {
    return new HttpPageClient(
        client, requestTimeout, maxBodyBytes, other, gate, rateLimit.orElse(null), clock);
  }

  /** The gate API requests pass (the poll loop blocks it when a 429 named no wait). */
  public RateGate gate() {
    return gate;
  }

  /**
   * The meters this client counts requests in, for feeds that report more than requests (e.g. a
   * skipped file).
   */
  public ConnectorMetrics metrics() {
    return metrics;
  }

  /** A JDK client that never follows redirects (credentials must not travel to another host). */
  public static HttpClient newClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * Sends an authenticated API request through the rate gate; after a 401 asks {@code auth} whether
   * to try once more with fresh credentials (OAuth2), and does so at most once. The vendor's
   * rate-limit headers of the answer block the gate when they say to wait (a 429, or a success that
   * used up the quota).
   *
   * @param request builds a fresh request each time (headers cannot be removed from a builder)
   */
  public HttpResult send(Supplier<HttpRequest.Builder> request, Authenticator auth)
      throws VendorException, InterruptedException {
    try (RateGate.Turn turn = gate.acquire()) {
      HttpRequest.Builder first = request.get();
      auth.authenticate(first);
      HttpResult result = observe(send(first));
      if (result.status() == 401 && auth.refreshAfterUnauthorized()) {
        HttpRequest.Builder second = request.get();
        auth.authenticate(second);
        result = observe(send(second));
      }
      return result;
    }
  }

  private HttpResult observe(HttpResult result) {
    rateLimit.ifPresent(
        headers -> {
          Instant now = clock.instant();
          Optional<Duration> wait =
              result.status() == 429
                  ? headers.retryAfter(result.headers(), now)
                  : headers.exhausted(result.headers(), now);
          wait.ifPresent(
              w -> {
                metrics.vendorWait();
                gate.block(w, metrics.source());
              });
        });
    return result;
  }

  /** Sends a request as it is (e.g. to a token endpoint). */
  public HttpResult send(HttpRequest.Builder builder) throws VendorException, InterruptedException {
    HttpRequest request =
        builder
            .timeout(requestTimeout)
            .header("Accept-Encoding", "gzip")
            .header("User-Agent", USER_AGENT)
            .build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      metrics.request("io_error");
      throw transport(request.uri(), "timed out after " + requestTimeout.toMillis() + " ms", e);
    } catch (IOException e) {
      metrics.request("io_error");
      throw transport(request.uri(), e.getClass().getSimpleName(), e);
    }
    metrics.request(Integer.toString(response.statusCode()));
    byte[] body = readBody(response);
    return new HttpResult(request.uri(), response.statusCode(), response.headers(), body);
  }

  private byte[] readBody(HttpResponse<InputStream> response) throws VendorException {
    URI uri = response.uri();
    long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    boolean gzip =
        response
            .headers()
            .firstValue("Content-Encoding")
            .map(v -> v.trim().toLowerCase(Locale.ROOT).equals("gzip"))
            .orElse(false);
    try (InputStream raw = response.body()) {
      if (!gzip && declared > maxBodyBytes) {
        throw tooLarge(uri);
      }
      InputStream in = gzip ? new GZIPInputStream(raw, CHUNK) : raw;
      ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
      byte[] chunk = new byte[CHUNK];
      long total = 0;
      for (int n; (n = in.read(chunk)) != -1; ) {
        total += n;
        if (total > maxBodyBytes) {
          throw tooLarge(uri);
        }
        out.write(chunk, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      // A connection cut mid-body or a corrupt gzip stream: the same page may arrive whole later.
      metrics.request("io_error");
      throw transport(uri, "body unreadable (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private VendorException tooLarge(URI uri) {
    // Permanent: fetching the same page again returns the same size.
    return new VendorException(
        ErrorKind.PERMANENT,
        "page_too_large",
        null,
        describe(uri)
            + ": response body exceeds http.max.page.bytes="
            + maxBodyBytes
            + " bytes; lower the feed's page size or raise http.max.page.bytes");
  }

  private static VendorException transport(URI uri, String what, Exception cause) {
    return new VendorException(
        ErrorKind.RETRYABLE, "io_error", null, describe(uri) + ": " + what, null, cause);
  }

  static String describe(URI uri) {
    if (uri == null) {
      return "(no URI)";
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return uri.getScheme() + "://" + uri.getHost() + port + uri.getRawPath();
  }
}
