package io.sluice.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of every Sluice process (docs/design.md §8), on the JDK's own {@code
 * com.sun.net.httpserver}: no extra dependency, HTTPS built in, and small enough here that a
 * framework would add more than it saves.
 *
 * <ul>
 *   <li>{@code /metrics}, {@code /health/live} and {@code /health/ready} — on the main listener, or
 *       on their own address and port ({@link HttpSettings#managementPort()}), never behind the
 *       token, so probes and Prometheus need no secret;
 *   <li>whatever the process adds: raw handlers ({@link #route}), JSON routes ({@link #json}) and
 *       files from the jar ({@link #staticFiles}) — all on the main listener and, when a token is
 *       configured, behind {@code Authorization: Bearer <token>};
 *   <li>every request first passes {@link PathCheck}: hostile targets get 400 before any handler
 *       sees them. Error bodies are JSON {@code {"error": ...}} and never echo request input.
 * </ul>
 */
public final class SluiceHttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SluiceHttpServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json; charset=utf-8";
  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "json", JSON_TYPE,
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "txt", "text/plain; charset=utf-8");

  private final HttpServer main;
  private final HttpServer management;
  private final Optional<byte[]> token;
  private final ExecutorService executor;
  private final String scheme;
  private final Map<String, Page> pages = new ConcurrentHashMap<>();

  private record Page(String resource, ClassLoader loader) {}

  private SluiceHttpServer(
      HttpServer main,
      HttpServer management,
      Optional<byte[]> token,
      ExecutorService executor,
      String scheme) {
    this.main = main;
    this.management = management;
    this.token = token;
    this.executor = executor;
    this.scheme = scheme;
  }

  /**
   * Binds and starts the listeners.
   *
   * @param live what {@code /health/live} answers: false only when a restart is the cure
   * @param ready what {@code /health/ready} answers
   * @throws UncheckedIOException naming the address when a listener cannot bind
   */
  public static SluiceHttpServer start(
      HttpSettings settings,
      PrometheusMeterRegistry registry,
      Supplier<HealthAnswer> live,
      Supplier<HealthAnswer> ready) {
    ExecutorService executor =
        // more than one: a risk query may wait on another instance while that instance's own
        // forwarded request to this one needs a thread to be answered
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "sluice-http");
              t.setDaemon(true);
              return t;
            });
    HttpServer main = null;
    HttpServer management = null;
    try {
      main = bind(settings.bind(), settings.port(), settings.tls());
      management =
          settings.managementPort() < 0
              ? main
              : bind(settings.managementBind(), settings.managementPort(), Optional.empty());
    } catch (RuntimeException e) {
      if (main != null) {
        main.stop(0);
      }
      executor.shutdownNow();
      throw e;
    }
    SluiceHttpServer server =
        new SluiceHttpServer(
            main,
            management,
            settings.token().map(t -> t.getBytes(StandardCharsets.UTF_8)),
            executor,
            settings.tls().isPresent() ? "https" : "http");
    server.open(
        management,
        "/metrics",
        exchange ->
            respond(
                exchange,
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(StandardCharsets.UTF_8)),
        false);
    server.open(management, "/health/live", health(live), false);
    server.open(management, "/health/ready", health(ready), false);
    // pages registered later are served from here; anything else under / is a 404
    server.open(main, "/", server::page, true);
    if (management != main) {
      server.open(management, "/", exchange -> error(exchange, 404, "not found"), false);
    }
    main.setExecutor(executor);
    main.start();
    if (management != main) {
      management.setExecutor(executor);
      management.start();
    }
    LOG.info(
        "HTTP on {}://{}:{}{}{}",
        server.scheme,
        settings.bind(),
        server.port(),
        management == main
            ? ""
            : "; metrics and health on http://"
                + settings.managementBind()
                + ":"
                + server.managementPort(),
        settings.token().isPresent() ? "; /api requires a bearer token" : "");
    return server;
  }

  private static HttpServer bind(String host, int port, Optional<HttpSettings.Tls> tls) {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new UncheckedIOException(
          new IOException("cannot listen on " + host + ":" + port + ": unknown host"));
    }
    try {
      if (tls.isPresent()) {
        HttpsServer https = HttpsServer.create(address, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(sslContext(tls.get())));
        return https;
      }
      return HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e));
    }
  }

  private static SSLContext sslContext(HttpSettings.Tls tls) {
    try (InputStream in = Files.newInputStream(tls.keystore())) {
      KeyStore store = KeyStore.getInstance(tls.type());
      store.load(in, tls.password().toCharArray());
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, tls.password().toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot load the HTTP key store " + tls.keystore() + ": " + e.getClass().getSimpleName(),
          e);
    }
  }

  /** Serves {@code prefix} and everything below it with {@code handler}, behind the token. */
  public void route(String prefix, HttpHandler handler) {
    open(main, prefix, handler, true);
  }

  /** A JSON route: GET on exactly {@code path}, behind the token. */
  public void json(String path, JsonRoute route) {
    open(
        main,
        path,
        exchange -> {
          if (!exchange.getRequestURI().getRawPath().equals(path)) {
            error(exchange, 404, "not found");
            return;
          }
          if (!"GET".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET");
            error(exchange, 405, "only GET is supported");
            return;
          }
          try {
            json(exchange, 200, route.handle(exchange));
          } catch (HttpError e) {
            error(exchange, e.status(), e.getMessage());
          }
        },
        true);
  }

  /**
   * Serves the files under {@code classpathRoot} in the jar at {@code prefix} (ending with {@code
   * /}), with {@code index.html} for the directory itself; behind the token.
   */
  public void staticFiles(String prefix, String classpathRoot) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    // "views/" + "/x.js" would be "views//x.js": found in a classes directory, not in a jar
    String root =
        classpathRoot.endsWith("/")
            ? classpathRoot.substring(0, classpathRoot.length() - 1)
            : classpathRoot;
    open(
        main,
        prefix,
        exchange -> {
          String rest = exchange.getRequestURI().getPath().substring(prefix.length() - 1);
          if (rest.endsWith("/")) {
            rest = rest + "index.html";
          }
          String resource = root + rest;
          try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null || resource.endsWith("/")) {
              error(exchange, 404, "not found");
              return;
            }
            String extension = rest.substring(rest.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            respond(
                exchange,
                200,
                CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"),
                in.readAllBytes());
          }
        },
        true);
  }

  /**
   * Serves one page from the jar at exactly {@code path} (e.g. {@code /} or {@code /clicks}, no
   * extension, so it can be bookmarked), behind the token like every other route.
   *
   * @param resource the class-path resource, e.g. {@code views/clicks.html}
   */
  public void page(String path, String resource) {
    pages.put(path, new Page(resource, Thread.currentThread().getContextClassLoader()));
  }

  private void page(HttpExchange exchange) throws IOException {
    Page page = pages.get(exchange.getRequestURI().getRawPath());
    if (page == null) {
      error(exchange, 404, "not found");
      return;
    }
    if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      error(exchange, 405, "only GET is supported");
      return;
    }
    try (InputStream in = page.loader().getResourceAsStream(page.resource())) {
      if (in == null) {
        error(exchange, 404, "not found");
        return;
      }
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      respond(exchange, 200, CONTENT_TYPES.get("html"), in.readAllBytes());
    }
  }

  /** A handler answering with a JSON body. */
  @FunctionalInterface
  public interface JsonRoute {
    /**
     * @return the body, written with Jackson
     * @throws HttpError for any answer other than 200
     */
    Object handle(HttpExchange exchange) throws IOException;
  }

  private void open(HttpServer server, String path, HttpHandler handler, boolean protect) {
    HttpContext context = server.createContext(path, guarded(handler));
    context.getFilters().add(new PathFilter());
    if (protect && token.isPresent()) {
      context.getFilters().add(new TokenFilter(token.get()));
    }
  }

  /** Any exception a handler lets escape becomes a 500 with no detail, logged here. */
  private static HttpHandler guarded(HttpHandler handler) {
    return exchange -> {
      try {
        handler.handle(exchange);
      } catch (RuntimeException | IOException e) {
        LOG.warn(
            "HTTP {} failed",
            exchange.getRequestURI().getRawPath().length() > 200
                ? "request"
                : exchange.getRequestURI().getRawPath(),
            e);
        try {
          error(exchange, 500, "internal error");
        } catch (IOException | RuntimeException alreadyAnswered) {
          // headers were sent already; the client sees a cut response
        }
      } finally {
        exchange.close();
      }
    };
  }

  private static HttpHandler health(Supplier<HealthAnswer> answer) {
    return exchange -> {
      HealthAnswer now = answer.get();
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      json(exchange, now.up() ? 200 : 503, now.body());
    };
  }

  private static final class PathFilter extends Filter {
    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
      Optional<String> problem =
          PathCheck.problem(
              exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery());
      if (problem.isPresent()) {
        error(exchange, 400, problem.get());
        exchange.close();
        return;
      }
      chain.doFilter(exchange);
    }

    @Override
    public String description() {
      return "refuses hostile request targets";
    }
  }

  private static final class TokenFilter extends Filter {
    private static final String BEARER = "bearer ";
    private final byte[] token;

    TokenFilter(byte[] token) {
      this.token = token;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
      String header = exchange.getRequestHeaders().getFirst("Authorization");
      boolean ok =
          header != null
              && header.length() > BEARER.length()
              && header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)
              && MessageDigest.isEqual(
                  token,
                  header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8));
      if (!ok) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"sluice\"");
        error(exchange, 401, "a valid bearer token is required");
        exchange.close();
        return;
      }
      chain.doFilter(exchange);
    }

    @Override
    public String description() {
      return "requires the configured bearer token";
    }
  }

  /** Writes {@code body} as JSON with {@code status}. */
  public static void json(HttpExchange exchange, int status, Object body) throws IOException {
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    respond(exchange, status, JSON_TYPE, JSON.writeValueAsBytes(body));
  }

  /** Writes {@code {"error": message}} with {@code status}. */
  public static void error(HttpExchange exchange, int status, String message) throws IOException {
    json(exchange, status, Map.of("error", message));
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Port of the main listener. */
  public int port() {
    return main.getAddress().getPort();
  }

  /** Port of the metrics and health listener (the main one's when they share it). */
  public int managementPort() {
    return management.getAddress().getPort();
  }

  /** {@code http} or {@code https}, as the main listener speaks. */
  public String scheme() {
    return scheme;
  }

  @Override
  public void close() {
    main.stop(0);
    if (management != main) {
      management.stop(0);
    }
    executor.shutdownNow();
  }
}
