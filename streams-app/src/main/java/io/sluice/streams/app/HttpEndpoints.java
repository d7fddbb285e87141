package io.sluice.streams.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The small HTTP server every Sluice process runs (DESIGN §8): {@code /metrics} for Prometheus,
 * {@code /health/live} and {@code /health/ready} for orchestrators, and whatever the process adds
 * with {@link #route} (the streams app's risk API). Nothing here echoes config, so no secret can
 * leak through it.
 */
public final class HttpEndpoints implements AutoCloseable {
  private final HttpServer server;

  private HttpEndpoints(HttpServer server) {
    this.server = server;
  }

  /**
   * @param port 0 picks a free port
   * @param ready whether the process can do its work (e.g. Kafka Streams is RUNNING)
   */
  public static HttpEndpoints start(
      int port, PrometheusMeterRegistry registry, BooleanSupplier ready) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(
        // more than one: a risk query may wait on another instance while that instance's own
        // forwarded request to this one needs a thread to be answered
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "sluice-http");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/metrics",
        exchange ->
            respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext(
        "/health/live",
        exchange -> respond(exchange, 200, "application/json", "{\"status\":\"UP\"}"));
    server.createContext(
        "/health/ready",
        exchange -> {
          boolean up = ready.getAsBoolean();
          respond(
              exchange,
              up ? 200 : 503,
              "application/json",
              up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
        });
    server.start();
    return new HttpEndpoints(server);
  }

  /** Serves {@code path} (and everything below it) with the handler; works while running. */
  public void route(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
