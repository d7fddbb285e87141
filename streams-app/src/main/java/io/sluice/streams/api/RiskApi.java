package io.sluice.streams.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user-risk HTTP API (docs/api.md), one handler for the public paths and one for the internal
 * paths other instances call:
 *
 * <ul>
 *   <li>{@code GET /api/users/risk?top=N} — the N riskiest users across all instances;
 *   <li>{@code GET /api/users/{user}/risk} — one user, from the instance that owns the key;
 *   <li>{@code GET /api/internal/users/risk?top=N} and {@code /api/internal/users/{user}/risk} —
 *       this instance's store only, so a forwarded request is never forwarded again.
 * </ul>
 *
 * <p>Errors are JSON {@code {"error": "..."}}: 400 for bad parameters, 404 for an unknown user or
 * path, 405 for a method other than GET, 503 with {@code Retry-After} while the store cannot
 * answer. Messages never echo request input or record content.
 */
public final class RiskApi implements HttpHandler {
  public static final String PUBLIC_PATH = "/api/users/";
  public static final String INTERNAL_PATH = "/api/internal/users/";

  /** Seconds a client should wait after a 503; a rebalance usually settles within this. */
  static final String RETRY_AFTER_SECONDS = "5";

  private static final int MAX_PATH_LENGTH = 2048;
  private static final String RISK = "risk";
  private static final Logger LOG = LoggerFactory.getLogger(RiskApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RiskQueries queries;
  private final boolean internal;

  private RiskApi(RiskQueries queries, boolean internal) {
    this.queries = queries;
    this.internal = internal;
  }

  /** The handler for {@link #PUBLIC_PATH}: routes and merges across instances. */
  public static RiskApi publicApi(RiskQueries queries) {
    return new RiskApi(queries, false);
  }

  /** The handler for {@link #INTERNAL_PATH}: answers from this instance's store only. */
  public static RiskApi internalApi(RiskQueries queries) {
    return new RiskApi(queries, true);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        error(exchange, 405, "only GET is supported");
        return;
      }
      String rawPath = exchange.getRequestURI().getRawPath();
      String prefix = internal ? INTERNAL_PATH : PUBLIC_PATH;
      if (rawPath.length() > MAX_PATH_LENGTH || !rawPath.startsWith(prefix)) {
        error(exchange, 404, "not found");
        return;
      }
      String rest = rawPath.substring(prefix.length());
      if (rest.equals(RISK)) {
        int top = ApiRequests.top(exchange.getRequestURI().getRawQuery());
        List<UserRiskView> users = internal ? queries.localTop(top) : queries.top(top);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", users.size());
        body.put("users", users);
        respond(exchange, 200, body);
      } else if (rest.endsWith("/" + RISK) && rest.indexOf('/') == rest.length() - 5) {
        String user = ApiRequests.user(rest.substring(0, rest.length() - 5));
        Optional<UserRiskView> risk = internal ? queries.localUser(user) : queries.user(user);
        if (risk.isPresent()) {
          respond(exchange, 200, risk.get());
        } else {
          error(exchange, 404, "no risk recorded for this user in the last 30 days");
        }
      } else {
        error(exchange, 404, "not found");
      }
    } catch (BadRequestException e) {
      error(exchange, 400, e.getMessage());
    } catch (StoreUnavailableException e) {
      exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
      error(exchange, 503, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("risk API request failed", e);
      error(exchange, 500, "internal error");
    }
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    respond(exchange, status, Map.of("error", message));
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
