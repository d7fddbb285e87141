package io.sluice.streams.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.sandbox.harness.ApicurioRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./sluice schemas register} against a real Apicurio Registry (its own, so every subject is
 * new): every subject Sluice writes is registered, gets BACKWARD compatibility (Apicurio starts
 * subjects at NONE), and a second run changes nothing.
 */
class SchemasRegisterIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldRegisterEverySubjectWithBackwardCompatibilityAndBeSafeToRepeat() throws Exception {
    try (ApicurioRegistry registry = ApicurioRegistry.start()) {
      String first = register(registry.url());
      String second = register(registry.url());

      assertThat(first.lines()).hasSize(SchemasCommand.subjects().size());
      assertThat(first).contains("canonical.authentication-value", "alerts.url-click-value");
      assertThat(second).isEqualTo(first);
      for (String subject : SchemasCommand.subjects().keySet()) {
        HttpResponse<String> config =
            http.send(
                HttpRequest.newBuilder(URI.create(registry.url() + "/config/" + subject)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(config.body()).as(subject).contains("BACKWARD");
      }
      HttpResponse<String> fresh =
          http.send(
              HttpRequest.newBuilder(URI.create(registry.url() + "/config/not-by-sluice-value"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(fresh.body()).as("a subject Sluice did not create").doesNotContain("BACKWARD");
    }
  }

  @Test
  void shouldRefuseToRunWithoutARegistry() {
    StringWriter err = new StringWriter();
    CommandLine cli = StreamsCli.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("schemas", "register");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("schema.registry.url is not set");
  }

  private static String register(String url) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = StreamsCli.commandLine().execute("schemas", "register", "--schema-registry", url);
      assertThat(code).isZero();
    } finally {
      System.setOut(stdout);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
