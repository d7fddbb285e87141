package io.sluice.connectors.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Producers against the real broker whose {@code commitTransaction} times out now and then, the two
 * ways a real one does (a broker or network too slow to answer within {@code max.block.ms}), taking
 * turns:
 *
 * <ul>
 *   <li><b>answer lost</b>: the commit reaches the broker and completes, but the call times out; a
 *       retry of the same call returns (as Kafka documents), so a connector that retries loses and
 *       repeats nothing, one that aborts breaks
 *   <li><b>broker unreachable</b>: the commit never leaves, every retry times out too, until the
 *       connector builds a new producer (whose {@code initTransactions} aborts the old transaction)
 *       and reads its checkpoint back
 * </ul>
 */
public final class TimingOutCommits
    implements Function<Map<String, Object>, Producer<byte[], byte[]>> {
  private final int every;
  private final AtomicInteger commits = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();
  private final AtomicInteger producers = new AtomicInteger();

  /** Every {@code every}-th commit (across all producers built) times out. */
  public TimingOutCommits(int every) {
    this.every = every;
  }

  @Override
  public Producer<byte[], byte[]> apply(Map<String, Object> config) {
    producers.incrementAndGet();
    return new KafkaProducer<>(config) {
      private boolean committedButUnanswered;
      private int unreachableLeft;

      @Override
      public void commitTransaction() {
        if (committedButUnanswered) {
          committedButUnanswered = false; // the retry learns the outcome: committed
          return;
        }
        if (unreachableLeft > 0) {
          unreachableLeft--;
          throw timeout();
        }
        int n = commits.incrementAndGet();
        if (every > 0 && n % every == 0) {
          if ((n / every) % 2 == 1) {
            super.commitTransaction();
            committedButUnanswered = true;
          } else {
            unreachableLeft = Integer.MAX_VALUE; // this producer never commits again
          }
          throw timeout();
        }
        super.commitTransaction();
      }
    };
  }

  private TimeoutException timeout() {
    injected.incrementAndGet();
    return new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(true)");
  }

  /** Commit calls that timed out. */
  public int timeouts() {
    return injected.get();
  }

  /** Producers built: 1 per connector start, plus one per rebuild. */
  public int producersBuilt() {
    return producers.get();
  }
}
