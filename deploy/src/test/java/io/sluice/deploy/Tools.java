package io.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a Debian tool the checks need ({@code docker-compose}, {@code promtool}). Missing locally,
 * the test is skipped; missing in CI ({@code CI=true}), it fails, because {@code .ci/run} installs
 * them.
 */
final class Tools {
  /** Exit code and combined output. */
  record Run(int exitCode, String output) {}

  private Tools() {}

  static Path require(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(name + " is not installed; .ci/run installs it");
    }
    Assumptions.abort(name + " is not installed (Debian package; .ci/run installs it)");
    return null;
  }

  static Run run(Path directory, String... command) throws IOException, InterruptedException {
    Path output = Files.createTempFile("sluice-tool-", ".log");
    try {
      Process process =
          new ProcessBuilder(List.of(command))
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      process.getOutputStream().close();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
      return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  static List<String> args(Path tool, String... rest) {
    List<String> all = new ArrayList<>();
    all.add(tool.toString());
    all.addAll(List.of(rest));
    return all;
  }
}
