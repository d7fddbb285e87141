package io.sluice.sandbox.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code python3-confluent-kafka} for the interop ITs: a Kafka and schema-registry client
 * no one on the project wrote decodes what Sluice writes. Missing locally, the test is skipped;
 * missing in CI ({@code CI=true}), it fails, because {@code .ci/run} installs it.
 */
public final class ConfluentPython {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  private ConfluentPython() {}

  /** The interpreter that imports {@code confluent_kafka.avro}. */
  public static Path require() throws IOException, InterruptedException {
    boolean available =
        Files.isExecutable(PYTHON)
            && new ProcessBuilder(PYTHON.toString(), "-c", "import confluent_kafka.avro")
                    .start()
                    .waitFor()
                == 0;
    if (available) {
      return PYTHON;
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("python3-confluent-kafka must be installed in CI (.ci/run)");
    }
    Assumptions.abort("python3-confluent-kafka is not installed (.ci/run installs it)");
    return null;
  }
}
