package io.sluice.sandbox.simulators;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the vendor API simulators: a real HTTP server on 127.0.0.1 (a free port), so connectors
 * are tested over the same {@code java.net.http} path they use in production, plus the {@link
 * Faults} every vendor shares. A vendor subclass implements its API in {@link #handle} and its own
 * shapes of a rate-limit answer and a server error; faults are applied here, before the vendor
 * logic, in a fixed order: delay, 429, 5xx, then truncation of a successful page.
 */
public abstract class VendorSimulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VendorSimulator.class);

  private final String name;
  private final Faults faults = new Faults();
  private final AtomicLong requests = new AtomicLong();
  private HttpServer server;
  private ExecutorService executor;

  protected VendorSimulator(String name) {
    this.name = name;
  }

  /** Binds a free loopback port and starts serving. */
  protected final void startServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the " + name + " simulator", e);
    }
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "sim-" + name);
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
    server.start();
    log.info("{} simulator on {}", name, baseUrl());
  }

  /** {@code http://127.0.0.1:<port>}, the connector's base URL. */
  public final URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public final Faults faults() {
    return faults;
  }

  /** Requests received so far, faulty ones included. */
  public final long requestCount() {
    return requests.get();
  }

  /** The vendor's API. */
  protected abstract SimResponse handle(SimRequest request);

  /** The vendor's own 429 (body and headers in its units). */
  protected abstract SimResponse rateLimited(SimRequest request);

  /** The vendor's own 5xx. */
  protected abstract SimResponse serverError(SimRequest request);

  private void dispatch(HttpExchange exchange) throws IOException {
    try (exchange) {
      SimRequest request = read(exchange);
      SimResponse response;
      try {
        pause();
        if (faults.rateLimited(request.number())) {
          response = rateLimited(request);
        } else if (faults.serverError(request.number())) {
          response = serverError(request);
        } else {
          response = handle(request);
          if (response.status() == 200 && faults.truncate()) {
            response = response.truncated();
          }
        }
      } catch (RuntimeException e) {
        log.error("{} simulator failed on {}", name, request.uri(), e);
        response = SimResponse.json(500, "{\"error\":\"simulator failure\"}");
      }
      write(exchange, response);
    }
  }

  private SimRequest read(HttpExchange exchange) throws IOException {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    return new SimRequest(
        requests.incrementAndGet(),
        exchange.getRequestMethod(),
        exchange.getRequestURI(),
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

  private static void write(HttpExchange exchange, SimResponse response) throws IOException {
    response.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
