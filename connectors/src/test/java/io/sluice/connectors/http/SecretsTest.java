package io.sluice.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {
  private static final String TOKEN = "00aBcDeFgHiJkLmNoPqRsTuVwXyZ-s3cr3t";

  @Test
  void shouldReadASecretFromItsEnvironmentVariable() {
    Secret secret = new Secrets(Map.of("OKTA_API_TOKEN", TOKEN)).require("OKTA_API_TOKEN", "token");

    assertThat(secret.reveal()).isEqualTo(TOKEN);
  }

  @Test
  void shouldReadASecretFromTheFileNamedByTheFileVariableWithoutTheTrailingNewline(
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, TOKEN + "\n");

    Secret secret =
        new Secrets(Map.of("OKTA_API_TOKEN_FILE", file.toString()))
            .require("OKTA_API_TOKEN", "token");

    assertThat(secret.reveal()).isEqualTo(TOKEN);
  }

  @Test
  void shouldNeverShowTheValueInToString() {
    assertThat(Secret.of(TOKEN).toString()).doesNotContain(TOKEN).isEqualTo("Secret[****]");
  }

  @Test
  void shouldNameBothVariablesWhenTheSecretIsMissing() {
    assertThatThrownBy(() -> new Secrets(Map.of()).require("OKTA_API_TOKEN", "Okta API token"))
        .hasMessageContaining("OKTA_API_TOKEN or OKTA_API_TOKEN_FILE");
  }

  @Test
  void shouldRefuseAmbiguousConfigurationWithoutShowingTheValue(@TempDir Path dir) {
    Map<String, String> env =
        Map.of("OKTA_API_TOKEN", TOKEN, "OKTA_API_TOKEN_FILE", dir.resolve("t").toString());

    assertThatThrownBy(() -> new Secrets(env).require("OKTA_API_TOKEN", "token"))
        .hasMessageContaining("only one")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
  }
}
