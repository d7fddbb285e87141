package io.sluice.streams.views;

import com.sun.net.httpserver.HttpExchange;
import io.sluice.http.HttpError;
import io.sluice.http.SluiceHttpServer;
import io.sluice.streams.api.ApiRequests;
import io.sluice.streams.api.BadRequestException;
import io.sluice.streams.api.StoreUnavailableException;
import java.util.Map;
import java.util.function.Function;

/**
 * The focused views on the app's one HTTP server (docs/views.md, docs/api.md "Views"): a page per
 * concern at a fixed path, its JSON under {@code /api/views/}, and {@link #INTERNAL_PATH} for the
 * other instances' merge.
 */
public final class ViewsApi {
  public static final String PUBLIC_PATH = "/api/views/";
  public static final String INTERNAL_PATH = "/api/internal/views";

  /** Page path → resource name under {@code views/} in the jar. */
  static final Map<String, String> PAGES =
      Map.of(
          "/", "index.html",
          "/clicks", "clicks.html",
          "/auth", "auth.html",
          "/email", "email.html",
          "/dlp", "dlp.html",
          "/alerts", "alerts.html",
          "/pipeline", "pipeline.html");

  private static final int MAX_FILTER_LENGTH = 320;

  private ViewsApi() {}

  /** Adds the pages, their assets and JSON routes to {@code http}. */
  public static void register(SluiceHttpServer http, ViewQueries queries) {
    PAGES.forEach((path, file) -> http.page(path, "views/" + file));
    http.staticFiles("/views/", "views/");
    Map<String, Function<ViewData, Object>> views =
        Map.of(
            "summary", ViewAnswers::summary,
            "clicks", ViewAnswers::clicks,
            "auth", ViewAnswers::auth,
            "email", ViewAnswers::email,
            "dlp", ViewAnswers::dlp,
            "pipeline", ViewAnswers::pipeline);
    views.forEach(
        (name, shape) ->
            http.json(
                PUBLIC_PATH + name,
                exchange -> answer(exchange, () -> shape.apply(queries.all()))));
    http.json(
        PUBLIC_PATH + "alerts",
        exchange ->
            answer(
                exchange,
                () -> {
                  String query = exchange.getRequestURI().getRawQuery();
                  return ViewAnswers.alerts(
                      queries.all(),
                      filter(query, "rule"),
                      filter(query, "severity"),
                      filter(query, "entity"),
                      filter(query, "feed"));
                }));
    http.json(INTERNAL_PATH, exchange -> answer(exchange, queries::local));
  }

  private static Object answer(HttpExchange exchange, java.util.function.Supplier<Object> body) {
    try {
      return body.get();
    } catch (BadRequestException e) {
      throw new HttpError(400, e.getMessage());
    } catch (StoreUnavailableException e) {
      exchange.getResponseHeaders().set("Retry-After", "5");
      throw new HttpError(503, e.getMessage());
    }
  }

  /** A filter parameter: absent or blank is no filter. */
  private static String filter(String rawQuery, String name) {
    String value = ApiRequests.queryParameter(rawQuery, name).map(String::strip).orElse("");
    if (value.length() > MAX_FILTER_LENGTH) {
      throw new BadRequestException(
          "'" + name + "' must be at most " + MAX_FILTER_LENGTH + " characters");
    }
    return value.isEmpty() ? null : value;
  }
}
