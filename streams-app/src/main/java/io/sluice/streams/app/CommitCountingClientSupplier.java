package io.sluice.streams.app;

import io.sluice.streams.metrics.PipelineMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * Kafka Streams' clients, made as its default supplier makes them, with one addition: each stream
 * thread's producer tells {@link PipelineMetrics} when its transaction commits or aborts, so that
 * the pipeline counters count committed outcomes (exactly-once processing only).
 */
final class CommitCountingClientSupplier implements KafkaClientSupplier {
  private final PipelineMetrics metrics;

  CommitCountingClientSupplier(PipelineMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return Admin.create(config);
  }

  @Override
  public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    return new CountingProducer(
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()), metrics);
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    return consumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return consumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return consumer(config);
  }

  private static Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
    return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** A producer that reports transaction outcomes; everything else is the delegate's. */
  static final class CountingProducer implements Producer<byte[], byte[]> {
    private final Producer<byte[], byte[]> delegate;
    private final PipelineMetrics metrics;

    CountingProducer(Producer<byte[], byte[]> delegate, PipelineMetrics metrics) {
      this.delegate = delegate;
      this.metrics = metrics;
    }

    @Override
    public void commitTransaction() {
      try {
        delegate.commitTransaction();
      } catch (RuntimeException e) {
        metrics.discardPending();
        throw e;
      }
      metrics.commitPending();
    }

    @Override
    public void abortTransaction() {
      metrics.discardPending();
      delegate.abortTransaction();
    }

    @Override
    public void initTransactions() {
      delegate.initTransactions();
    }

    @Override
    public void beginTransaction() {
      delegate.beginTransaction();
    }

    @Override
    public void sendOffsetsToTransaction(
        Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
      delegate.sendOffsetsToTransaction(offsets, groupMetadata);
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
      delegate.registerMetricForSubscription(metric);
    }

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
      delegate.unregisterMetricFromSubscription(metric);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
      return delegate.send(record);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
      return delegate.send(record, callback);
    }

    @Override
    public void flush() {
      delegate.flush();
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
      return delegate.partitionsFor(topic);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
      return delegate.metrics();
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
      return delegate.clientInstanceId(timeout);
    }

    @Override
    public void close() {
      metrics.discardPending();
      delegate.close();
    }

    @Override
    public void close(Duration timeout) {
      metrics.discardPending();
      delegate.close(timeout);
    }
  }
}
