package io.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathCheckTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/users/risk",
        "/api/users/ann%40corp.example/risk",
        "/health/ready",
        "/views/index.html",
        "/api/users/o%27brien%2Bx/risk"
      })
  void shouldAcceptOrdinaryPaths(String path) {
    assertThat(PathCheck.problem(path, "top=10")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/views/../etc/passwd",
        "/views/%2e%2e/secret",
        "/views/.%2E/secret",
        "/views/./index.html",
        "/api/users/a%2fb/risk",
        "/api/users/a%5Cb/risk",
        "/api/users/a\\b/risk",
        "/api/users/%00/risk",
        "/api/users/%1b[31m/risk",
        "/api/users/%zz/risk",
        "/api/users/%4/risk",
        "relative"
      })
  void shouldRefuseHostilePaths(String path) {
    assertThat(PathCheck.problem(path, null)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"top=%zz", "top=1%00", "x=%0d%0aSet-Cookie:a"})
  void shouldRefuseHostileQueries(String query) {
    assertThat(PathCheck.problem("/api/users/risk", query)).isPresent();
  }

  @org.junit.jupiter.api.Test
  void shouldRefuseOverLongTargets() {
    String longPath = "/api/users/" + "a".repeat(PathCheck.MAX_TARGET_LENGTH) + "/risk";

    assertThat(PathCheck.problem(longPath, null))
        .contains("request target longer than 2048 characters");
  }
}
