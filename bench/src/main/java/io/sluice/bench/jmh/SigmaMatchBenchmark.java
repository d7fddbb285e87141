package io.sluice.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sluice.bench.SigmaRulePack;
import io.sluice.sandbox.traffic.MixedTraffic;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.detect.RuleSet;
import io.sluice.streams.detect.SigmaSteps;
import io.sluice.streams.sigma.SigmaDetectionRule;
import io.sluice.streams.sigma.SigmaFeed;
import io.sluice.streams.sigma.SigmaMatchState;
import io.sluice.streams.sigma.SigmaMatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One raw vendor record through the Sigma detections of its feed, as {@code SigmaProjector} runs
 * them in the normaliser's task: which of the feed's detection rules match the record's JSON tree.
 * The rules are the pipeline bench's {@code --sigma-rules N} pack ({@link SigmaRulePack}) loaded
 * beside the built-in pack; the records are 1,000 distinct ones of the feed from {@link
 * MixedTraffic}, parsed once in set-up (the normaliser has parsed them already), cycled. {@code
 * rules=0} is the floor: the projector's look-up of the feed's steps finds none. {@code indexed} is
 * the projector's way; {@code ruleByRule} the way before it, kept to compare (set-up checks that
 * both agree on every record). Iterations are 2 s, not 3: a match is a few microseconds, and the
 * sixteen runs take about four minutes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SigmaMatchBenchmark {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  @Param({MixedTraffic.OKTA, MixedTraffic.ENTRA, MixedTraffic.URL, MixedTraffic.SIEM})
  public String feed;

  @Param({"0", "50"})
  public int rules;

  private JsonNode[] raws;
  private int next;
  private RuleSet ruleSet;
  private SigmaFeed sigmaFeed;
  private SigmaMatchState state;

  @Setup
  public void setUp() {
    sigmaFeed =
        SigmaFeed.bySource(feed.substring("raw.".length()))
            .orElseThrow(() -> new IllegalArgumentException(feed + " is no Sigma feed"));
    ruleSet = new RuleSet(new RuleLoader().parseWithBuiltins(SigmaRulePack.files(rules)));
    List<MixedTraffic.RawRecord> records = FeedRecords.of(feed);
    raws = records.stream().map(r -> parse(r.value())).toArray(JsonNode[]::new);
    for (JsonNode raw : raws) {
      if (indexed(raw) != ruleByRule(raw)) {
        throw new IllegalStateException(feed + ": the matcher and the rules disagree on a record");
      }
    }
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * As {@code SigmaProjector} matches: the record once against the feed's {@link SigmaMatcher},
   * then per step whether its detection passed. Returns the number of (engine rule, step) pairs the
   * record counts for.
   */
  @Benchmark
  public int indexed() {
    return indexed(nextRecord());
  }

  private int indexed(JsonNode raw) {
    SigmaSteps sigma = ruleSet.sigma(sigmaFeed);
    if (sigma.isEmpty()) {
      return 0;
    }
    if (state == null) {
      state = sigma.matcher().newState();
    }
    if (!sigma.matcher().match(raw, state)) {
      return 0;
    }
    int hits = 0;
    for (int i = 0; i < sigma.steps().size(); i++) {
      if (state.matched(sigma.detectionOf(i))) {
        hits++;
      }
    }
    return hits;
  }

  /**
   * As the projector matched before the matcher: each step's detection rule on its own ({@link
   * SigmaDetectionRule#matches}, once per detection). Returns what {@link #indexed} returns.
   */
  @Benchmark
  public int ruleByRule() {
    return ruleByRule(nextRecord());
  }

  private JsonNode nextRecord() {
    JsonNode raw = raws[next];
    next = next + 1 == raws.length ? 0 : next + 1;
    return raw;
  }

  private int ruleByRule(JsonNode raw) {
    List<RuleSet.SigmaStepOf> steps = ruleSet.sigmaSteps(sigmaFeed);
    if (steps.isEmpty()) {
      return 0;
    }
    Map<SigmaDetectionRule, Boolean> matched = new IdentityHashMap<>();
    int hits = 0;
    for (RuleSet.SigmaStepOf s : steps) {
      if (matched.computeIfAbsent(s.feed().detection(), d -> d.matches(raw))) {
        hits++;
      }
    }
    return hits;
  }
}
