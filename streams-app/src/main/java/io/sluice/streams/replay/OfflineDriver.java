package io.sluice.streams.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Runs a topology without a broker (Kafka's TopologyTestDriver), as {@code replay} and the topology
 * tests do: exactly-once like production, and a state directory of its own so that concurrent runs
 * on one machine never share RocksDB files.
 */
public final class OfflineDriver {
  private OfflineDriver() {}

  public static TopologyTestDriver create(
      Topology topology, String applicationId, Instant wallClock) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "offline.invalid:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
    try {
      java.nio.file.Path stateDir = Files.createTempDirectory("sluice-" + applicationId);
      // the driver empties it on close; the empty directory goes when the JVM exits
      stateDir.toFile().deleteOnExit();
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a state directory", e);
    }
    return new TopologyTestDriver(topology, props, wallClock);
  }
}
