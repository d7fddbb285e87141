package io.sluice.sandbox.simulators;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A response a simulator sends. Headers are a list of name/value pairs so that repeated headers
 * (Okta's two {@code Link} headers) are possible.
 */
public record SimResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {

  public static SimResponse json(int status, String body) {
    return new SimResponse(
        status,
        new ArrayList<>(List.of(Map.entry("Content-Type", "application/json"))),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** This response with one more header. */
  public SimResponse with(String name, String value) {
    List<Map.Entry<String, String>> copy = new ArrayList<>(headers);
    copy.add(Map.entry(name, value));
    return new SimResponse(status, copy, body);
  }

  /** This response with its body cut in half: what a connection dropped mid-page looks like. */
  public SimResponse truncated() {
    byte[] half = new byte[body.length / 2];
    System.arraycopy(body, 0, half, 0, half.length);
    return new SimResponse(status, headers, half);
  }
}
