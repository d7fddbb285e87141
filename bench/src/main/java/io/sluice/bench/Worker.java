package io.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PipelineWorker} JVM: started with the bench's class path, stopped by a word on stdin.
 */
final class Worker implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<Long> warmPasses = new LinkedBlockingQueue<>();
  private final CompletableFuture<String> result;

  private Worker(Process process) {
    this.process = process;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.result = CompletableFuture.supplyAsync(this::resultLine);
  }

  /**
   * @param flags the app's settings (also the copy's: it derives its client settings from them)
   * @param more further {@code --name value} arguments
   */
  static Worker start(
      ClusterOptions options, String mode, Map<String, String> flags, String... more) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + options.workerHeap);
    for (String arg : options.workerJvmArgs.split(" ")) {
      if (!arg.isBlank()) {
        command.add(arg);
      }
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PipelineWorker.class.getName());
    command.add("--mode");
    command.add(mode);
    try {
      command.add("--flags");
      command.add(JSON.writeValueAsString(flags));
      command.addAll(List.of(more));
      return new Worker(
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a worker JVM", e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  int exitValue() {
    return process.exitValue();
  }

  /** Writes one word to the worker's stdin. */
  void send(String word) {
    try {
      stdin.write(word + "\n");
      stdin.flush();
    } catch (IOException e) {
      // already gone: awaiting its next line or result tells
    }
  }

  /**
   * Waits until the worker prints {@link Warmup#DONE}: its warm-up pass is closed.
   *
   * @return the milliseconds its JIT compiled during the pass
   */
  long awaitWarmedUp(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Long jitMs = warmPasses.poll(1, TimeUnit.SECONDS);
      if (jitMs != null) {
        return jitMs;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "a worker exited with " + process.exitValue() + " during its warm-up");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("a worker did not end its warm-up in time");
      }
    }
  }

  /** Asks the worker to stop and returns its {@code RESULT}. */
  JsonNode stop() throws Exception {
    send("stop");
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone: its result line (if any) tells
    }
    String line = result.get(3, TimeUnit.MINUTES);
    process.waitFor(1, TimeUnit.MINUTES);
    return JSON.readTree(line);
  }

  private String resultLine() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      String found = "{}";
      while ((line = out.readLine()) != null) {
        if (line.startsWith("RESULT ")) {
          found = line.substring("RESULT ".length());
        } else if (line.startsWith(Warmup.DONE + " ")) {
          warmPasses.add(Long.parseLong(line.substring(Warmup.DONE.length() + 1).strip()));
        }
      }
      return found;
    } catch (IOException e) {
      return "{}";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
