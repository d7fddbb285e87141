package io.sluice.sandbox.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Locates the Apicurio Registry distribution that Maven resolved into the local repository and
 * unpacks it once per machine into {@code ${java.io.tmpdir}/sluice-apicurio-<version>}.
 *
 * <p>The tarball is a Quarkus "legacy jar" layout (a {@code *-runner.jar} next to {@code lib/}), so
 * it has to be on disk to run. Unpacking goes to a private staging directory that is then renamed
 * into place atomically: concurrent JVMs (parallel module builds, a demo next to a test run) either
 * see a complete installation or none, and the loser of the race discards its copy.
 */
final class ApicurioInstallation {

  private static final Logger log = LoggerFactory.getLogger(ApicurioInstallation.class);

  private static final String MARKER = ".sluice-unpacked";
  private static final long UNPACK_TIMEOUT_SECONDS = 120;

  private ApicurioInstallation() {}

  /** The registry's runner jar, unpacking the distribution first if needed. */
  static Path runnerJar() {
    Path installation = unpacked(archive());
    try (Stream<Path> files = Files.list(installation)) {
      return files
          .filter(file -> file.getFileName().toString().endsWith("-runner.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("No *-runner.jar in " + installation));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list " + installation, e);
    }
  }

  static Path archive() {
    String configured = System.getProperty(ApicurioRegistry.ARCHIVE_PROPERTY);
    boolean isConfigured = configured != null && !configured.isBlank();
    Path archive = isConfigured ? Path.of(configured) : defaultArchive();
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException(
          "Apicurio Registry "
              + ApicurioRegistry.VERSION
              + " tarball not found at "
              + archive
              + (isConfigured ? " (from -D" + ApicurioRegistry.ARCHIVE_PROPERTY + ")" : "")
              + ". Run `mvn -pl sandbox/harness dependency:resolve` to download it into the local"
              + " Maven repository.");
    }
    return archive;
  }

  private static Path defaultArchive() {
    String configuredRepo = System.getProperty("maven.repo.local");
    Path repo =
        configuredRepo != null && !configuredRepo.isBlank()
            ? Path.of(configuredRepo)
            : Path.of(System.getProperty("user.home"), ".m2", "repository");
    String version = ApicurioRegistry.VERSION;
    return repo.resolve("io/apicurio/apicurio-registry-app")
        .resolve(version)
        .resolve("apicurio-registry-app-" + version + "-all.tar.gz");
  }

  private static Path unpacked(Path archive) {
    Path target =
        Path.of(
            System.getProperty("java.io.tmpdir"), "sluice-apicurio-" + ApicurioRegistry.VERSION);
    if (isComplete(target)) {
      return target;
    }
    if (Files.exists(target)) {
      // Only a manual edit or a tmp cleaner can leave a renamed directory without its marker.
      log.warn("Discarding incomplete Apicurio Registry installation at {}", target);
      discard(target);
    }
    Path staging = createStagingDir(target, ".unpacking-");
    try {
      untar(archive, staging);
      Files.createFile(staging.resolve(MARKER));
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      log.info("Unpacked Apicurio Registry {} into {}", ApicurioRegistry.VERSION, target);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      log.debug("Another process unpacked Apicurio Registry into {} first", target, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not unpack " + archive + " into " + target, e);
    } finally {
      if (Files.exists(staging)) {
        delete(staging);
      }
    }
    if (!isComplete(target)) {
      throw new IllegalStateException(
          "Apicurio Registry installation at " + target + " is incomplete");
    }
    return target;
  }

  private static boolean isComplete(Path installation) {
    return Files.isRegularFile(installation.resolve(MARKER));
  }

  private static void untar(Path archive, Path into) throws IOException {
    Process tar =
        new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
            .redirectErrorStream(true)
            .start();
    tar.getOutputStream().close();
    String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!tar.waitFor(UNPACK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        tar.destroyForcibly();
        throw new IllegalStateException("tar did not finish unpacking " + archive);
      }
    } catch (InterruptedException e) {
      tar.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while unpacking " + archive, e);
    }
    if (tar.exitValue() != 0) {
      throw new IllegalStateException(
          "tar exited with " + tar.exitValue() + " unpacking " + archive + ": " + output.strip());
    }
  }

  private static void discard(Path installation) {
    // Rename first so that no other JVM starts a registry from a directory being deleted.
    Path doomed = createStagingDir(installation, ".stale-");
    try {
      Files.move(installation, doomed, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      log.debug("Another process discarded {} first", installation, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not move aside " + installation, e);
    }
    delete(doomed);
  }

  private static Path createStagingDir(Path target, String infix) {
    try {
      return Files.createTempDirectory(target.getParent(), target.getFileName() + infix);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a directory next to " + target, e);
    }
  }

  private static void delete(Path directory) {
    try {
      Utils.delete(directory.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete " + directory, e);
    }
  }
}
