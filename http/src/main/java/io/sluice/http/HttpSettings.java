package io.sluice.http;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where and how a Sluice process serves HTTP.
 *
 * @param bind address of the main listener (API, views; also metrics and health unless they have
 *     their own): 127.0.0.1 by default, so nothing is reachable from elsewhere until an operator
 *     says so
 * @param port port of the main listener; 0 picks a free one
 * @param managementBind address of the metrics and health listener, when it has its own port
 * @param managementPort port for {@code /metrics} and {@code /health/*} alone; -1 serves them on
 *     the main listener
 * @param token when present, {@code /api} and the views require {@code Authorization: Bearer
 *     <token>}; metrics and health never do (they carry no secret and probes cannot log in)
 * @param tls when present, the main listener speaks HTTPS with this key store
 */
public record HttpSettings(
    String bind,
    int port,
    String managementBind,
    int managementPort,
    Optional<String> token,
    Optional<Tls> tls) {

  /** A PKCS12 or JKS key store with the server's certificate and key. */
  public record Tls(Path keystore, String password, String type) {
    @Override
    public String toString() {
      return "Tls[keystore=" + keystore + ", type=" + type + "]";
    }
  }

  /** Loopback only, one listener, no token, no TLS: tests and the sandbox. */
  public static HttpSettings loopback(int port) {
    return new HttpSettings("127.0.0.1", port, "127.0.0.1", -1, Optional.empty(), Optional.empty());
  }

  public HttpSettings withToken(String value) {
    return new HttpSettings(bind, port, managementBind, managementPort, Optional.of(value), tls);
  }

  public HttpSettings withManagement(String host, int managementPortValue) {
    return new HttpSettings(bind, port, host, managementPortValue, token, tls);
  }

  public HttpSettings withTls(Tls value) {
    return new HttpSettings(bind, port, managementBind, managementPort, token, Optional.of(value));
  }

  @Override
  public String toString() {
    return "HttpSettings[bind="
        + bind
        + ", port="
        + port
        + ", managementBind="
        + managementBind
        + ", managementPort="
        + managementPort
        + ", token="
        + (token.isPresent() ? "[hidden]" : "none")
        + ", tls="
        + tls.map(Tls::toString).orElse("none")
        + "]";
  }
}
