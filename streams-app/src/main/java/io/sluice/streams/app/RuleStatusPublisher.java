package io.sluice.streams.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.LiveRules;
import io.sluice.streams.detect.RulesTopic;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells what became of each {@code sluice.rules} entry: a log line (WARN when rejected, with the
 * reason naming the entry, the rule and the key) and a record on {@code sluice.rules.status} (key =
 * the entry, value = JSON with {@code status}, {@code rules}, {@code error}, {@code instance} and
 * {@code at}), which {@code ./sluice rules list --live} reads. Every instance writes its own
 * outcome; they agree, since every instance validates the same entries against the same files.
 */
public final class RuleStatusPublisher implements Consumer<LiveRules.Outcome>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RuleStatusPublisher.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaProducer<String, String> producer;
  private final String instance;
  private final Clock clock;

  public RuleStatusPublisher(SluiceConfig config, String instance, Clock clock) {
    Map<String, Object> props = new HashMap<>(config.kafkaClientSettings());
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "sluice-rules-status");
    this.producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    this.instance = instance;
    this.clock = clock;
  }

  @Override
  public void accept(LiveRules.Outcome outcome) {
    if (outcome.status() == LiveRules.Status.REJECTED) {
      LOG.warn("rules entry '{}' rejected, rules unchanged: {}", outcome.key(), outcome.error());
    } else {
      LOG.info(
          "rules entry '{}' {}: {}",
          outcome.key(),
          outcome.status().name().toLowerCase(Locale.ROOT),
          outcome.rules());
    }
    producer.send(
        new ProducerRecord<>(RulesTopic.STATUS_TOPIC, outcome.key(), json(outcome)),
        (metadata, e) -> {
          if (e != null) {
            LOG.warn(
                "could not write the status of rules entry '{}': {}", outcome.key(), e.toString());
          }
        });
  }

  private String json(LiveRules.Outcome outcome) {
    ObjectNode node = JSON.createObjectNode();
    node.put("entry", outcome.key());
    node.put("status", outcome.status().name());
    node.putPOJO("rules", outcome.rules());
    node.put("error", outcome.error());
    node.put("instance", instance);
    node.put("at", clock.instant().toString());
    return node.toString();
  }

  @Override
  public void close() {
    producer.close();
  }
}
