package io.sluice.sandbox;

import io.sluice.schemas.Alert;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.detect.Rule;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every alert topic (read_committed, so only alerts of committed transactions) and prints
 * each alert as one {@link AlertLine} as it arrives, until every expected rule has fired or the
 * time is up, or for as long as {@code --follow} runs ({@link #printArrived}). An alert the app
 * raises again (same {@code alert_id}, e.g. after a restart replayed its input) is printed once.
 */
final class AlertPrinter implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final int REMEMBERED_IDS = 10_000;

  private final KafkaConsumer<String, Alert> consumer;
  private final PrintStream out;
  private final Map<String, Integer> perRule = new TreeMap<>();
  private final Set<String> printed =
      Collections.newSetFromMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > REMEMBERED_IDS;
            }
          });

  AlertPrinter(Map<String, Object> consumerConfig, String registryUrl, PrintStream out) {
    Map<String, Object> props = new HashMap<>(consumerConfig);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer =
        new KafkaConsumer<>(
            props,
            new StringDeserializer(),
            AvroSerdes.specific(Alert.class, Map.of("schema.registry.url", registryUrl), false)
                .deserializer());
    this.out = out;
    List<TopicPartition> partitions = new ArrayList<>();
    for (Rule.Area area : Rule.Area.values()) {
      consumer
          .partitionsFor(area.topic(), Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * Prints alerts until every rule of {@code expected} has fired at least once or {@code limit} has
   * passed; returns the expected rules that did not fire (empty: all did).
   */
  Set<String> printUntilFired(Set<String> expected, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    Set<String> missing = new TreeSet<>(expected);
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      missing.removeAll(print(consumer.poll(POLL)));
    }
    return missing;
  }

  /** Prints the alerts still arriving, until none came for {@code quiet}. */
  void drain(Duration quiet) {
    long quietSince = System.nanoTime();
    while (System.nanoTime() - quietSince < quiet.toNanos()) {
      if (!print(consumer.poll(POLL)).isEmpty()) {
        quietSince = System.nanoTime();
      }
    }
  }

  /** Prints what arrives within one poll; returns how many alerts it printed. */
  int printArrived() {
    int before = printed();
    print(consumer.poll(POLL));
    return printed() - before;
  }

  private Set<String> print(ConsumerRecords<String, Alert> records) {
    Set<String> rules = new TreeSet<>();
    for (ConsumerRecord<String, Alert> record : records) {
      Alert alert = record.value();
      if (!printed.add(alert.getAlertId())) {
        continue;
      }
      out.println(AlertLine.format(alert));
      String rule = alert.getRule().getId();
      perRule.merge(rule, 1, Integer::sum);
      rules.add(rule);
    }
    return rules;
  }

  /** Alerts printed so far. */
  int printed() {
    return perRule.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Alerts printed so far, per rule id. */
  Map<String, Integer> alertsPerRule() {
    return Collections.unmodifiableMap(new TreeMap<>(perRule));
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
