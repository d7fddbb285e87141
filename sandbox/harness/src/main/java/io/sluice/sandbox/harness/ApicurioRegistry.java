package io.sluice.sandbox.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry running as a child JVM, with in-memory storage and the
 * Confluent-compatible API that Sluice's serdes talk to.
 *
 * <p>A schema registry fake would hide exactly the behaviour integration tests are for (subject
 * naming, id assignment, compatibility checks), and the registry is a Quarkus application that
 * cannot share a classpath with Kafka. So the distribution Maven resolved is started as its own
 * process on a free loopback port, with its output in a log file rather than on the test's console.
 * The child is tied to this JVM by a shutdown hook, so an aborted test run does not leave a
 * registry behind.
 */
public final class ApicurioRegistry implements AutoCloseable {

  /** The registry release this harness runs; the pom resolves the same version. */
  public static final String VERSION = "2.6.13.Final";

  /** System property with the path of the registry tarball; failsafe sets it from the pom. */
  public static final String ARCHIVE_PROPERTY = "sluice.apicurio.archive";

  private static final Logger log = LoggerFactory.getLogger(ApicurioRegistry.class);

  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int START_ATTEMPTS = 3;
  private static final int LOG_TAIL_LINES = 40;

  // The default H2 in-memory storage of the "app" distribution is what tests want, so only the
  // listener is configured. C1-only JIT and the serial GC take start-up from ~3.1 s to ~2.4 s on
  // two cores and are plenty for a registry serving a handful of schemas.
  private static final List<String> JVM_OPTIONS =
      List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private final Process process;
  private final int port;
  private final Path runDir;
  private final Path logFile;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ApicurioRegistry(Process process, int port, Path runDir, Path logFile) {
    this.process = process;
    this.port = port;
    this.runDir = runDir;
    this.logFile = logFile;
    this.shutdownHook = new Thread(this::stopOnShutdown, "sluice-apicurio-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a registry and returns once it reports ready.
   *
   * @throws IllegalStateException if the tarball is missing, or the registry dies or is not ready
   *     within 60 s; the message carries the end of its log
   */
  public static ApicurioRegistry start() {
    Path runnerJar = ApicurioInstallation.runnerJar();
    for (int attempt = 1; ; attempt++) {
      long startNanos = System.nanoTime();
      int port = FreePorts.pick(1)[0];
      Path runDir = createRunDir();
      Path logFile = runDir.resolve("registry.log");
      Process process;
      try {
        process = launch(runnerJar, port, runDir, logFile);
      } catch (UncheckedIOException e) {
        deleteRecursively(runDir);
        throw e;
      }
      ApicurioRegistry registry = new ApicurioRegistry(process, port, runDir, logFile);
      String failure = registry.awaitReady();
      if (failure == null) {
        log.info(
            "Apicurio Registry ready on {} in {} ms (log {})",
            registry.baseUrl(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
            logFile);
        return registry;
      }
      String logTail = registry.logTail();
      // The port was free when probed; another process can take it before Quarkus binds it.
      boolean portTaken =
          logTail.contains("Address already in use") || logTail.contains("seems to be in use");
      if (portTaken && attempt < START_ATTEMPTS) {
        log.warn(
            "Port {} taken before the registry could bind it (attempt {}), retrying",
            port,
            attempt);
        registry.close();
        continue;
      }
      registry.stop();
      throw new IllegalStateException(
          "Apicurio Registry " + failure + ". Log " + logFile + " ends with:\n" + logTail);
    }
  }

  private static Process launch(Path runnerJar, int port, Path runDir, Path logFile) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(JVM_OPTIONS);
    // The registry's own temp files (Vert.x cache) go into the run dir, which close() deletes.
    command.add("-Djava.io.tmpdir=" + runDir);
    command.add("-Dquarkus.http.host=" + HOST);
    command.add("-Dquarkus.http.port=" + port);
    command.addAll(Arrays.asList("-jar", runnerJar.toString()));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(runDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(logFile.toFile())
              .start();
      process.getOutputStream().close();
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + String.join(" ", command), e);
    }
  }

  private static String javaExecutable() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(java)) {
      return java.toString();
    }
    return ProcessHandle.current()
        .info()
        .command()
        .orElseThrow(
            () -> new IllegalStateException("Cannot find the java executable of this JVM"));
  }

  /** Polls the readiness endpoint; returns null when ready, else what went wrong. */
  private String awaitReady() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest readiness =
        HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    boolean ready =
        Waits.poll(
            START_TIMEOUT, POLL_INTERVAL, () -> !process.isAlive() || isReady(client, readiness));
    if (!process.isAlive()) {
      return "exited with code " + process.exitValue() + " during start-up";
    }
    return ready ? null : "was not ready on " + baseUrl() + " within " + START_TIMEOUT;
  }

  private static boolean isReady(HttpClient client, HttpRequest readiness) {
    try {
      return client.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      // Connection refused until Quarkus has bound its port: expected while starting.
      log.trace("Registry not answering yet", e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the registry", e);
    }
  }

  /** Confluent-compatible API base, e.g. for {@code schema.registry.url}. */
  public String url() {
    return baseUrl() + "/apis/ccompat/v7";
  }

  /** The registry's HTTP port on 127.0.0.1 (e.g. to put a {@link TcpProxy} in front of it). */
  public int port() {
    return port;
  }

  /** Root of the registry: its native {@code /apis/registry/v2} API, health and UI live here. */
  public String baseUrl() {
    return "http://" + HOST + ":" + port;
  }

  /** The registry's stdout and stderr; deleted by {@link #close()}. */
  public Path logFile() {
    return logFile;
  }

  /** The child process, e.g. to check that it has ended. */
  public ProcessHandle processHandle() {
    return process.toHandle();
  }

  /** Stops the registry process and deletes its run directory and log. Idempotent. */
  @Override
  public void close() {
    if (stop()) {
      deleteRunDir();
    }
  }

  /** Stops the process once, keeping the log for the caller; returns whether this call did it. */
  private boolean stop() {
    if (!closed.compareAndSet(false, true)) {
      return false;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      log.debug("JVM is shutting down; the registry is stopped here instead of by the hook", e);
    }
    long startNanos = System.nanoTime();
    destroyProcess();
    log.info(
        "Apicurio Registry on {} stopped in {} ms",
        baseUrl(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    return true;
  }

  private void stopOnShutdown() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    destroyProcess();
    try {
      deleteRunDir();
    } catch (UncheckedIOException e) {
      log.warn("Could not clean up after Apicurio Registry at JVM exit", e);
    }
  }

  private void deleteRunDir() {
    deleteRecursively(runDir);
  }

  private static void deleteRecursively(Path directory) {
    try {
      Utils.delete(directory.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete registry run directory " + directory, e);
    }
  }

  private void destroyProcess() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Apicurio Registry (pid {}) ignored SIGTERM, killing it", process.pid());
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private String logTail() {
    try {
      String[] lines = new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).split("\\R");
      int from = Math.max(0, lines.length - LOG_TAIL_LINES);
      return String.join("\n", Arrays.asList(lines).subList(from, lines.length));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private static Path createRunDir() {
    try {
      return Files.createTempDirectory("sluice-apicurio-run-");
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a registry run directory", e);
    }
  }
}
