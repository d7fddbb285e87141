package io.sluice.streams.views;

import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A terminal processor that folds records into a task's {@link ViewStore} and writes it behind once
 * a second of wall-clock time. It forwards nothing: the views add no records to any topic, only
 * their store's changelog.
 */
final class ViewsProcessor<V> implements Processor<String, V, Void, Void> {
  /** How often the aggregates are written to the store: also how stale a view can be. */
  static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

  /** What one record adds to the views. */
  @FunctionalInterface
  interface Fold<V> {
    void add(ViewStore views, V value);
  }

  private final String storeName;
  private final Fold<V> fold;
  private ViewStore views;

  ViewsProcessor(String storeName, Fold<V> fold) {
    this.storeName = storeName;
    this.fold = fold;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    views = new ViewStore(context.getStateStore(storeName));
    context.schedule(FLUSH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> views.flush());
  }

  @Override
  public void process(Record<String, V> record) {
    if (record.value() != null) {
      fold.add(views, record.value());
    }
  }
}
