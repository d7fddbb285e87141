package io.sluice.streams.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.sandbox.traffic.MixedTraffic;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.replay.Replay;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs {@link MixedTraffic} through {@code ./sluice replay}'s engine: the crash-free outcome. */
public final class MixedTrafficReplay {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MixedTrafficReplay() {}

  /** Every record the topology writes, as replay prints it. */
  public static List<JsonNode> run(MixedTraffic.Traffic traffic) {
    StringBuilder input = new StringBuilder();
    input.append(
        "{\"topic\":\"reference.vip-users\",\"key\":\"" + MixedTraffic.VIP + "\",\"value\":{}}\n");
    for (MixedTraffic.RawRecord r : traffic.records()) {
      input
          .append("{\"topic\":\"")
          .append(r.topic())
          .append("\",\"key\":\"")
          .append(r.key())
          .append("\",\"value\":")
          .append(r.value())
          .append("}\n");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Replay replay = new Replay(FeedMappers.all(), new RuleLoader().load(Optional.empty()));
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      replay.run(new BufferedReader(new StringReader(input.toString())), out);
    }
    List<JsonNode> records = new ArrayList<>();
    try {
      for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          records.add(JSON.readTree(line));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }
}
