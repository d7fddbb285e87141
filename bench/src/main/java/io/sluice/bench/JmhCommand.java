package io.sluice.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code ./sluice bench jmh [JMH options]}: JMH's own runner over the benchmarks in {@code
 * io.sluice.bench.jmh}, forked and warmed as their annotations say; any JMH option (a benchmark
 * regex, {@code -f}, {@code -wi}, {@code -prof gc}, {@code -rf json -rff FILE}) passes through.
 */
@Command(
    name = "jmh",
    description = {
      "JMH micro-benchmarks: per feed raw JSON → canonical Avro bytes; one rule update per event,"
          + " quiet key vs flooded key. Options after 'jmh' go to JMH ('-h' lists them).",
      "Example: ./sluice bench jmh -rf json -rff jmh.json"
    })
final class JmhCommand implements Callable<Integer> {
  /** Everything after {@code jmh}, untouched: JMH parses it. */
  @Unmatched List<String> jmhArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    // the jar's benchmark list holds only io.sluice.bench.jmh, so no pattern runs them all
    org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
    return 0;
  }
}
