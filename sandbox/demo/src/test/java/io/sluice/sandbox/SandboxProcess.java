package io.sluice.sandbox;

import io.sluice.sandbox.harness.ApicurioRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox jar's main class as its own JVM, as {@code ./sluice} runs it (so a test can send it a
 * signal), with its output in a file; and plain HTTP GETs to what it serves.
 */
final class SandboxProcess {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private SandboxProcess() {}

  static Process start(Path output, String... args) throws IOException {
    return builder(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
  }

  /** As {@link #start(Path, String...)}, with standard error in a file of its own. */
  static Process start(Path output, Path errors, String... args) throws IOException {
    return builder(args).redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
  }

  private static ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    String archive = System.getProperty(ApicurioRegistry.ARCHIVE_PROPERTY);
    if (archive != null) {
      command.add("-D" + ApicurioRegistry.ARCHIVE_PROPERTY + "=" + archive);
    }
    command.add(SandboxCli.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /** SIGTERM first: a SIGKILLed sandbox would leave its registry's child process behind. */
  static void stop(Process process) throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  static HttpResponse<String> get(String url, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
