package io.sluice.connectors.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a running connector's {@code /metrics} the way Prometheus does, over HTTP. */
public final class ItMetrics {
  private ItMetrics() {}

  public static String scrape(int port) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The sum of {@code name}'s samples of {@code source} (0 when there is none yet). */
  public static double value(int port, String name, String source) throws Exception {
    Pattern sample =
        Pattern.compile(
            "^"
                + Pattern.quote(name)
                + "\\{[^}]*source=\""
                + Pattern.quote(source)
                + "\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);
    Matcher m = sample.matcher(scrape(port));
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }
}
