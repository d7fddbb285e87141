package io.sluice.streams.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a previous run that did not stop cleanly (SIGKILL, OOM, power loss) and, under
 * exactly-once, deletes its task directories before Kafka Streams opens them.
 *
 * <p>Under exactly-once Kafka Streams writes a task's checkpoint only on a clean close, so after a
 * crash every local store is suspect and is wiped and restored from its changelog anyway (logged as
 * {@code TaskCorruptedException}s). Kafka Streams 4.4 also pre-opens the tasks it finds on disk
 * before the first assignment; with corrupted tasks that path left some tasks assigned but never
 * processing (ExactlyOnceCrashIT: raw partitions with lag and no progress after a restart).
 * Deleting the task directories first gives the same outcome Kafka Streams would reach (state
 * rebuilt from changelogs) by its ordinary start-up path. The process id file stays, so the
 * restarted instance keeps its transactional ids and fences the dead one's open transactions at
 * once. Global stores are rebuilt from their topics on every start and are left alone.
 */
final class UncleanStop {
  private static final Logger LOG = LoggerFactory.getLogger(UncleanStop.class);
  private static final Pattern TASK_DIRECTORY = Pattern.compile("\\d+_\\d+");
  static final String MARKER = "sluice.running";

  private final Path appDirectory;

  UncleanStop(Path stateDir, String applicationId) {
    this.appDirectory = stateDir.resolve(applicationId);
  }

  /** Before Kafka Streams is created: clears a crashed run's tasks, then marks this run. */
  void beforeStart(boolean exactlyOnce) {
    try {
      Path marker = appDirectory.resolve(MARKER);
      if (Files.exists(marker) && exactlyOnce) {
        List<Path> tasks = taskDirectories();
        LOG.warn(
            "the previous run in {} did not stop cleanly; under exactly-once its local state is"
                + " rebuilt from the changelogs: deleting {} task directories",
            appDirectory,
            tasks.size());
        for (Path task : tasks) {
          deleteTree(task);
        }
      }
      Files.createDirectories(appDirectory);
      Files.writeString(marker, Long.toString(ProcessHandle.current().pid()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the state directory " + appDirectory, e);
    }
  }

  /** After a clean close: the next start may trust the checkpoints. */
  void afterCleanClose() {
    try {
      Files.deleteIfExists(appDirectory.resolve(MARKER));
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", appDirectory.resolve(MARKER), e.toString());
    }
  }

  private List<Path> taskDirectories() throws IOException {
    try (Stream<Path> children = Files.list(appDirectory)) {
      return children
          .filter(Files::isDirectory)
          .filter(p -> TASK_DIRECTORY.matcher(p.getFileName().toString()).matches())
          .sorted()
          .toList();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
