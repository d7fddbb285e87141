package io.sluice.streams.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.schemas.serde.AvroSerdes;
import io.sluice.streams.canonical.CanonicalClass;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.metrics.PipelineMetrics;
import io.sluice.streams.normalize.FeedMapper;
import io.sluice.streams.normalize.VendorTimeExtractor;
import io.sluice.streams.topology.SluiceTopology;
import io.sluice.streams.topology.Topics;
import io.sluice.streams.topology.TopologyOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Runs the production topology over a JSON-lines file without a broker (TopologyTestDriver), and
 * prints every record it writes as one JSON line. This is how operators test rules against saved
 * vendor logs (docs/replay.md).
 *
 * <p>Input line: {@code {"topic": "raw.okta.system-log", "value": {...}}} with optional {@code
 * key}, {@code timestamp} (ISO-8601; default: the vendor's event time), and {@code value_text} (a
 * string sent verbatim, for malformed input) instead of {@code value}. Lines for {@code
 * reference.vip-users} and {@code reference.identities} load those tables (docs/replay.md).
 */
public final class Replay implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TopologyTestDriver driver;
  private final Map<String, TestInputTopic<byte[], byte[]>> inputs = new LinkedHashMap<>();

  /** The compacted reference topics a replay may load, before or between vendor records. */
  private static final List<String> REFERENCE_TOPICS = List.of(Topics.VIP_USERS, Topics.IDENTITIES);

  private final Map<String, TestInputTopic<String, String>> references = new LinkedHashMap<>();
  private final Map<String, VendorTimeExtractor> eventTimes = new LinkedHashMap<>();
  private final Map<String, TestOutputTopic<byte[], byte[]>> outputs = new LinkedHashMap<>();
  private final Deserializer<GenericRecord> avro;
  private final PipelineMetrics metrics = PipelineMetrics.inMemory();
  private long lastTimestamp;

  public Replay(List<FeedMapper> feeds, List<Rule> rules) {
    this(feeds, rules, TopologyOptions.defaults());
  }

  /**
   * @param options the topology options, e.g. with {@code identity.default-domain}
   */
  public Replay(List<FeedMapper> feeds, List<Rule> rules, TopologyOptions options) {
    Map<String, Object> serdeConfig =
        Map.of(
            "schema.registry.url",
            "mem://replay-" + UUID.randomUUID(),
            "auto.register.schemas",
            "true");
    driver =
        OfflineDriver.create(
            SluiceTopology.build(feeds, rules, serdeConfig, metrics, options),
            "sluice-replay",
            Instant.now());
    avro = AvroSerdes.generic(serdeConfig, false);
    for (FeedMapper feed : feeds) {
      String topic = feed.descriptor().rawTopic();
      inputs.put(
          topic,
          driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer()));
      eventTimes.put(topic, new VendorTimeExtractor(feed.descriptor().timeFields()));
    }
    for (String topic : REFERENCE_TOPICS) {
      references.put(
          topic, driver.createInputTopic(topic, new StringSerializer(), new StringSerializer()));
    }
    List<String> outputTopics = new ArrayList<>();
    for (CanonicalClass c : CanonicalClass.values()) {
      outputTopics.add(c.topic());
    }
    outputTopics.add(Topics.DLQ);
    for (Rule.Area area : Rule.Area.values()) {
      outputTopics.add(area.topic());
    }
    for (String topic : outputTopics) {
      outputs.put(
          topic,
          driver.createOutputTopic(
              topic, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }
  }

  public PipelineMetrics metrics() {
    return metrics;
  }

  /**
   * Marks VIPs before the input, as {@code --vip FILE} does: one address per line; blank lines and
   * lines starting with {@code #} are skipped.
   */
  public int loadVips(BufferedReader addresses) {
    int loaded = 0;
    try {
      String line;
      while ((line = addresses.readLine()) != null) {
        String address = line.strip();
        if (address.isEmpty() || address.startsWith("#")) {
          continue;
        }
        references
            .get(Topics.VIP_USERS)
            .pipeInput(address, "{}", Instant.ofEpochMilli(lastTimestamp));
        loaded++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the VIP file", e);
    }
    return loaded;
  }

  /** Replays every line of {@code input}, printing each output record to {@code out}. */
  public int run(BufferedReader input, PrintStream out) {
    return run(input, record -> out.println(record.toString()));
  }

  /** Replays every line of {@code input}, handing each output record to {@code sink}. */
  public int run(BufferedReader input, Consumer<ObjectNode> sink) {
    int lineNumber = 0;
    int written = 0;
    try {
      String line;
      while ((line = input.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        pipe(lineNumber, line);
        for (ObjectNode record : drain()) {
          sink.accept(record);
          written++;
        }
      }
      endOfInput();
      for (ObjectNode record : drain()) {
        sink.accept(record);
        written++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read replay input", e);
    }
    return written;
  }

  /** Sends one input line into the topology. */
  public void pipe(int lineNumber, String line) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new ReplayInputException(lineNumber, "not a JSON object: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new ReplayInputException(lineNumber, "not a JSON object");
    }
    JsonNode topicNode = node.get("topic");
    if (topicNode == null || !topicNode.isTextual()) {
      throw new ReplayInputException(lineNumber, "missing \"topic\" (a string)");
    }
    String topic = topicNode.textValue();
    if (references.containsKey(topic)) {
      pipeReference(lineNumber, node, topic);
      return;
    }
    TestInputTopic<byte[], byte[]> in = inputs.get(topic);
    if (in == null) {
      throw new ReplayInputException(
          lineNumber,
          "unknown topic '"
              + topic
              + "' (replay reads: "
              + String.join(", ", inputs.keySet())
              + ", "
              + String.join(", ", references.keySet())
              + ")");
    }
    byte[] value;
    if (node.has("value_text")) {
      if (!node.get("value_text").isTextual()) {
        throw new ReplayInputException(lineNumber, "\"value_text\" must be a string");
      }
      value = Wtf8.encode(node.get("value_text").textValue());
    } else if (node.has("value")) {
      value = node.get("value").toString().getBytes(StandardCharsets.UTF_8);
    } else {
      throw new ReplayInputException(lineNumber, "needs \"value\" (vendor JSON) or \"value_text\"");
    }
    byte[] key = null;
    if (node.hasNonNull("key")) {
      key = node.get("key").asText().getBytes(StandardCharsets.UTF_8);
    }
    long timestamp = timestamp(lineNumber, node, topic, value);
    lastTimestamp = timestamp;
    in.pipeInput(
        new TestRecord<>(key, value, new RecordHeaders(), Instant.ofEpochMilli(timestamp)));
  }

  /**
   * A reference record: {@code key} required; {@code value_text} or a string {@code value} is the
   * value as text, an object {@code value} its compact JSON, {@code "value": null} a tombstone.
   */
  private void pipeReference(int lineNumber, JsonNode node, String topic) {
    if (!node.hasNonNull("key")) {
      throw new ReplayInputException(lineNumber, "a record of " + topic + " needs a \"key\"");
    }
    String value;
    if (node.has("value_text") && node.get("value_text").isTextual()) {
      value = node.get("value_text").textValue();
    } else if (node.has("value")) {
      JsonNode v = node.get("value");
      value = v.isNull() ? null : v.isTextual() ? v.textValue() : v.toString();
    } else {
      throw new ReplayInputException(
          lineNumber, "needs \"value\" (null deletes) or \"value_text\"");
    }
    references
        .get(topic)
        .pipeInput(
            new TestRecord<>(
                node.get("key").asText(),
                value,
                new RecordHeaders(),
                Instant.ofEpochMilli(Math.max(0, lastTimestamp))));
  }

  private long timestamp(int lineNumber, JsonNode node, String topic, byte[] value) {
    if (node.hasNonNull("timestamp")) {
      try {
        return Instant.parse(node.get("timestamp").asText()).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new ReplayInputException(
            lineNumber, "\"timestamp\" is not ISO-8601 (e.g. 2024-05-02T20:18:57Z)");
      }
    }
    return eventTimes.get(topic).timeOf(value).map(Instant::toEpochMilli).orElse(lastTimestamp);
  }

  /**
   * At the end of the input, the idle-key scans run as a running app's would in the following
   * seconds ({@link #END_OF_INPUT_SCANS} slices of at least 64 keys each), so that windows of
   * upper-bound rules the feed clocks have closed are decided for quiet keys too.
   */
  private void endOfInput() {
    for (int i = 0; i < END_OF_INPUT_SCANS; i++) {
      advanceWallClock(Duration.ofSeconds(1));
    }
  }

  /** Scan slices run at the end of the input: a whole scan of stores up to 6,400 keys. */
  static final int END_OF_INPUT_SCANS = 100;

  /**
   * Moves the wall clock the topology's punctuations run on: the detect processors' idle-key scans,
   * which also close the windows of Sigma rules with an upper bound once their feeds' clocks have
   * passed them (docs/sigma.md, "Upper bounds"). Event time never moves the wall clock.
   */
  public void advanceWallClock(Duration by) {
    driver.advanceWallClockTime(by);
  }

  /** Every record written since the last call, in catalogue order of topics. */
  public List<ObjectNode> drain() {
    List<ObjectNode> records = new ArrayList<>();
    outputs.forEach(
        (topic, output) -> {
          while (!output.isEmpty()) {
            records.add(render(topic, output.readRecord()));
          }
        });
    return records;
  }

  private ObjectNode render(String topic, TestRecord<byte[], byte[]> record) {
    ObjectNode line = JSON.createObjectNode();
    line.put("topic", topic);
    line.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
    line.put("timestamp", record.getRecordTime().toString());
    byte[] value = record.value();
    if (value == null) {
      line.putNull("value");
    } else if (Topics.DLQ.equals(topic)) {
      renderRaw(line, value);
    } else {
      line.set("value", AvroJson.toJson(avro.deserialize(topic, value)));
    }
    ObjectNode headers = line.putObject("headers");
    for (Header header : record.headers()) {
      headers.put(
          header.key(),
          header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
    }
    return line;
  }

  /** DLQ values are the original bytes: JSON when they are JSON, otherwise text. */
  private static void renderRaw(ObjectNode line, byte[] value) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value));
      line.set("value", JSON.readTree(value));
    } catch (IOException | RuntimeException notJson) {
      line.put("value_text", new String(value, StandardCharsets.UTF_8));
    }
  }

  @Override
  public void close() {
    driver.close();
  }
}
