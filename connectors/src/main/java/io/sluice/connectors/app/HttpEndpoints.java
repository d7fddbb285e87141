package io.sluice.connectors.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * {@code /metrics} (Prometheus), {@code /health/live} and {@code /health/ready}, as every Sluice
 * process serves them (DESIGN §8). Nothing here echoes configuration, so no secret can leak.
 */
public final class HttpEndpoints implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private HttpEndpoints(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * @param port 0 picks a free port
   */
  public static HttpEndpoints start(
      int port, PrometheusMeterRegistry registry, BooleanSupplier ready) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "sluice-connector-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
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
    return new HttpEndpoints(server, executor);
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
    executor.shutdownNow();
  }
}
