package io.sluice.sandbox.simulators;

import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the vendor API simulators: a real HTTP server on 127.0.0.1 (a free port), so connectors
 * are tested over the same {@code java.net.http} path they use in production, plus what every
 * vendor shares: the {@link Faults} knobs, the {@link SimOptions} realism (the vendor's own clock
 * in a {@code Date} header on every response, its rate limit, late records, expiring cursors) and a
 * count of requests a client sent while it had been told to wait.
 *
 * <p>Jetty rather than the JDK's {@code HttpServer}, which overwrites {@code Date} with the system
 * clock: a simulator could then not act out a vendor whose clock differs from the connector's, nor
 * run on simulated time. Order per request: delay, the vendor's quota (or an injected 429), an
 * injected 5xx, the vendor's answer, truncation of a successful page.
 */
public abstract class VendorSimulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VendorSimulator.class);

  private final String name;
  private final SimOptions options;
  private final Clock clock;
  private final Faults faults = new Faults();
  private final AtomicLong requests = new AtomicLong();
  private volatile SimQuota quota = SimQuota.none();
  private Server server;
  private ServerConnector connector;

  protected VendorSimulator(String name, SimOptions options) {
    this.name = name;
    this.options = options;
    this.clock = options.serverClock();
  }

  /** Binds a free loopback port and starts serving. */
  protected final void startServer() {
    QueuedThreadPool threads = new QueuedThreadPool(8, 2);
    threads.setName("sim-" + name);
    threads.setDaemon(true);
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendDateHeader(false); // this simulator's own clock says when it answered
    http.setSendServerVersion(false);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            serve(request, response, callback); // blocking is fine: Handler.Abstract says so
            return true;
          }
        });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the " + name + " simulator", e);
    }
    log.info("{} simulator on {}", name, baseUrl());
  }

  /** {@code http://127.0.0.1:<port>}, the connector's base URL. */
  public final URI baseUrl() {
    return URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  public final Faults faults() {
    return faults;
  }

  /** Requests received so far, faulty ones included. */
  public final long requestCount() {
    return requests.get();
  }

  /**
   * Requests a client sent while this vendor had told it to wait (after a 429, or a success that
   * left nothing of the quota where the vendor says when more comes): must stay 0.
   */
  public final long rateLimitViolations() {
    return quota.violations();
  }

  /** Requests the vendor's quota refused (injected 429s not counted). */
  public final long rateLimitRefusals() {
    return quota.refusals();
  }

  /** The vendor's clock: the options' clock with its skew. */
  protected final Clock clock() {
    return clock;
  }

  protected final SimOptions options() {
    return options;
  }

  /** Installs the vendor's quota; ignored when the options turn quotas off. */
  protected final void quota(SimQuota vendorQuota) {
    if (options.quotas()) {
      this.quota = vendorQuota;
    }
  }

  /** Whose quota a request counts against; null: it counts against none (a token endpoint). */
  protected abstract String client(SimRequest request);

  /** The vendor's API. */
  protected abstract SimResponse handle(SimRequest request);

  /** The vendor's own 429: body, and headers that say when {@code decision.reset()} is. */
  protected abstract SimResponse rateLimited(SimRequest request, SimQuota.Decision decision);

  /** The vendor's rate-limit headers on a success (none by default). */
  protected SimResponse withQuota(SimResponse response, SimQuota.Decision decision) {
    return response;
  }

  /** How long an injected 429 asks the client to wait. */
  protected abstract Duration injectedRateLimitWait();

  /** The vendor's own 5xx. */
  protected abstract SimResponse serverError(SimRequest request);

  /** When a record becomes visible: its event time plus a fixed delay drawn from its bytes. */
  protected final Instant visibleAt(String record, Instant eventTime) {
    long max = options.maxLateness().toMillis();
    return max == 0 ? eventTime : eventTime.plusMillis(Math.floorMod(record.hashCode(), max + 1));
  }

  /** True once {@code issued} is older than the options' cursor lifetime. */
  protected final boolean expired(Instant issued) {
    Duration lifetime = options.cursorLifetime();
    return !lifetime.isZero() && clock.instant().isAfter(issued.plus(lifetime));
  }

  private void serve(Request request, Response response, Callback callback) {
    SimResponse answer;
    SimRequest simRequest = null;
    try {
      simRequest = read(request);
      answer = answer(simRequest);
    } catch (RuntimeException | java.io.IOException e) {
      log.error("{} simulator failed on {}", name, simRequest == null ? "?" : simRequest.uri(), e);
      answer = SimResponse.json(500, "{\"error\":\"simulator failure\"}");
    }
    write(response, answer, callback);
  }

  private SimResponse answer(SimRequest request) {
    pause();
    Instant now = clock.instant();
    String client = client(request);
    SimQuota.Decision decision = null;
    if (client != null) {
      if (faults.rateLimited(request.number())) {
        Instant until = now.plus(injectedRateLimitWait());
        quota.block(client, now, until);
        return rateLimited(request, new SimQuota.Decision(now, false, 0, 0, until));
      }
      decision = quota.take(client, now);
      if (!decision.allowed()) {
        return rateLimited(request, decision);
      }
    }
    if (faults.serverError(request.number())) {
      return serverError(request);
    }
    SimResponse response = handle(request);
    if (response.status() == 200 && faults.truncate()) {
      response = response.truncated();
    }
    return decision == null ? response : withQuota(response, decision);
  }

  private SimRequest read(Request request) throws java.io.IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers
          .computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(field.getValue());
    }
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readAllBytes();
    }
    return new SimRequest(
        requests.incrementAndGet(),
        request.getMethod(),
        request.getHttpURI().toURI(),
        headers,
        body);
  }

  private void pause() {
    long millis = faults.delay().toMillis();
    if (millis > 0) {
      try {
        Thread.sleep(millis); // the simulated vendor is slow; tests themselves never sleep
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void write(Response response, SimResponse answer, Callback callback) {
    response.setStatus(answer.status());
    response
        .getHeaders()
        .put(
            "Date",
            DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC)));
    answer.headers().forEach(h -> response.getHeaders().add(h.getKey(), h.getValue()));
    response.write(true, ByteBuffer.wrap(answer.body()), callback);
  }

  @Override
  public void close() {
    if (server != null) {
      try {
        server.stop();
      } catch (Exception e) {
        log.warn("{} simulator did not stop cleanly", name, e);
      }
    }
  }
}
