package io.sluice.streams.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/** Runs a CLI command with {@code System.out} captured, for tests of what a command prints. */
public final class StandardOut {
  /** What the command printed, and its exit code. */
  public record Captured(int exitCode, String text) {}

  private StandardOut() {}

  public static Captured capture(IntSupplier command) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exitCode;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      exitCode = command.getAsInt();
    } finally {
      System.setOut(original);
    }
    return new Captured(exitCode, out.toString(StandardCharsets.UTF_8));
  }
}
