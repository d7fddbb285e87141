package io.sluice.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The bundled demo sample ({@code demo/okta-sample.jsonl}, in the same JSON-lines format as {@code
 * sluice replay}): Okta sign-ins of a quiet morning with one brute-force burst and one truncated
 * record. Times are shifted so that the last event is "now", as if a connector had just fetched it.
 */
final class SampleFeed {
  static final String RESOURCE = "demo/okta-sample.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  record Sent(int records, int malformed) {}

  private SampleFeed() {}

  static Sent publish(Map<String, Object> producerConfig, Instant now) {
    List<JsonNode> lines = read();
    Instant latest =
        lines.stream()
            .filter(l -> l.has("value"))
            .map(l -> Instant.parse(l.at("/value/published").asText()))
            .max(Instant::compareTo)
            .orElse(now);
    Duration shift = Duration.between(latest, now);
    int malformed = 0;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
      for (JsonNode line : lines) {
        String topic = line.get("topic").asText();
        byte[] value;
        byte[] key = null;
        if (line.has("value")) {
          ObjectNode record = (ObjectNode) line.get("value");
          record.put(
              "published", Instant.parse(record.get("published").asText()).plus(shift).toString());
          value = record.toString().getBytes(StandardCharsets.UTF_8);
          key = record.get("uuid").asText().getBytes(StandardCharsets.UTF_8);
        } else {
          value = line.get("value_text").asText().getBytes(StandardCharsets.UTF_8);
          malformed++;
        }
        producer.send(new ProducerRecord<>(topic, key, value));
      }
      producer.flush();
    }
    return new Sent(lines.size(), malformed);
  }

  private static List<JsonNode> read() {
    List<JsonNode> lines = new ArrayList<>();
    try (InputStream in = SampleFeed.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("demo sample missing from the jar: " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          lines.add(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }
}
