package io.sluice.connectors.core;

import java.time.Instant;
import java.util.Optional;

/** Publishes a page's records together with the checkpoint that follows them, atomically. */
public interface PagePublisher extends AutoCloseable {

  /**
   * Claims the connector id: fences any older instance and aborts the transaction it left open, so
   * that {@link #readCheckpoint} sees only what was really committed.
   */
  void init();

  /** The last committed checkpoint of {@code key}, if any. */
  Optional<Checkpoint> readCheckpoint(String key);

  /**
   * Publishes {@code page}'s records to {@code feed}'s topic and {@code checkpoint} in one
   * transaction.
   *
   * @throws ConnectorStoppedException when another instance fenced this one
   * @throws PublishException when Kafka failed in a way a later retry of the same page may fix
   */
  void publish(Feed feed, Page page, Checkpoint checkpoint, Instant fetchedAt);

  @Override
  void close();

  /**
   * Kafka refused a transaction that may succeed later: the page is fetched and sent again from
   * {@link #resumeFrom} when the publisher had to read its checkpoint back (a commit whose outcome
   * it could not know), else from where the loop was.
   */
  final class PublishException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String resumeFrom;

    public PublishException(String message, Throwable cause) {
      this(message, cause, null);
    }

    /**
     * @param resumeFrom the position the checkpoint holds after the producer was rebuilt
     */
    public PublishException(String message, Throwable cause, String resumeFrom) {
      super(message, cause);
      this.resumeFrom = resumeFrom;
    }

    /** Set when the producer was rebuilt and the checkpoint read back. */
    public Optional<String> resumeFrom() {
      return Optional.ofNullable(resumeFrom);
    }
  }
}
