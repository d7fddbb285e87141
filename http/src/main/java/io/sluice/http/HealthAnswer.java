package io.sluice.http;

import java.util.Map;

/**
 * What a health endpoint answers: 200 when up, 503 when not, and a JSON body saying why (each check
 * with its reason). Bodies carry addresses and states, never a secret.
 */
public record HealthAnswer(boolean up, Map<String, Object> body) {
  public static HealthAnswer healthy() {
    return new HealthAnswer(true, Map.of("status", "UP"));
  }

  public static HealthAnswer unhealthy(String reason) {
    return new HealthAnswer(false, Map.of("status", "DOWN", "detail", reason));
  }
}
