package io.sluice.streams.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance's internal endpoints. Timeouts are short and bodies capped: a slow or
 * broken peer makes the answer a 503, never a hung request or an unbounded read.
 */
public final class RemoteRiskClient {
  /** A top-1000 answer is about 250 KB; anything much larger is not a Sluice instance talking. */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final HttpClient client;
  private final Duration timeout;
  private final String scheme;
  private final Optional<String> token;

  public RemoteRiskClient(Duration connectTimeout, Duration timeout) {
    this(connectTimeout, timeout, "http", Optional.empty());
  }

  /**
   * @param scheme {@code https} when the instances serve TLS (trusting the JVM's trust store)
   * @param token the {@code http.api.token} every instance shares, sent as a bearer token
   */
  public RemoteRiskClient(
      Duration connectTimeout, Duration timeout, String scheme, Optional<String> token) {
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    this.timeout = timeout;
    this.scheme = scheme;
    this.token = token;
  }

  public static RemoteRiskClient withDefaults() {
    return withDefaults("http", Optional.empty());
  }

  public static RemoteRiskClient withDefaults(String scheme, Optional<String> token) {
    return new RemoteRiskClient(Duration.ofSeconds(2), Duration.ofSeconds(5), scheme, token);
  }

  Optional<UserRiskView> user(HostInfo host, String user) {
    String path =
        RiskApi.INTERNAL_PATH
            + URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20")
            + "/risk";
    HttpResponse<InputStream> response;
    try {
      response = client.send(request(host, path), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(e);
    }
    byte[] body = read(response);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(parse(response.statusCode(), body, UserRiskView.class));
  }

  CompletableFuture<List<UserRiskView>> top(HostInfo host, int n) {
    return client
        .sendAsync(
            request(host, RiskApi.INTERNAL_PATH + "risk?top=" + n),
            HttpResponse.BodyHandlers.ofInputStream())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw unreachable(failure);
              }
              JsonNode body = parse(response.statusCode(), read(response), JsonNode.class);
              List<UserRiskView> users = new ArrayList<>();
              for (JsonNode user : body.path("users")) {
                try {
                  users.add(JSON.treeToValue(user, UserRiskView.class));
                } catch (JsonProcessingException e) {
                  throw new StoreUnavailableException("an instance answered garbage", e);
                }
              }
              return users;
            });
  }

  /**
   * Any internal JSON answer of another instance, read as {@code type}, with the same timeouts,
   * size cap and token as the risk queries (the views' internal endpoint uses it).
   */
  public <T> CompletableFuture<T> get(HostInfo host, String path, Class<T> type) {
    return client
        .sendAsync(request(host, path), HttpResponse.BodyHandlers.ofInputStream())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw unreachable(failure);
              }
              return parse(response.statusCode(), read(response), type);
            });
  }

  private HttpRequest request(HostInfo host, String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(scheme + "://" + host.host() + ":" + host.port() + path))
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET();
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    return request.build();
  }

  private static byte[] read(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new StoreUnavailableException("an instance answered more than the size cap");
      }
      return body;
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  private static <T> T parse(int status, byte[] body, Class<T> type) {
    if (status == 503) {
      throw new StoreUnavailableException("the owning instance is rebalancing; retry later");
    }
    if (status != 200) {
      throw new StoreUnavailableException("the owning instance answered HTTP " + status);
    }
    try {
      return JSON.readValue(body, type);
    } catch (IOException e) {
      throw new StoreUnavailableException("an instance answered garbage", e);
    }
  }

  private static StoreUnavailableException unreachable(Throwable cause) {
    Throwable root =
        cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
    if (root instanceof StoreUnavailableException unavailable) {
      return unavailable;
    }
    return new StoreUnavailableException("the owning instance is unreachable; retry later", root);
  }
}
