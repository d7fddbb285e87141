package io.sluice.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./sluice bench}: load runs of the whole pipeline (against the in-process broker by
 * default, or a cluster of your own) and the JMH micro-benchmarks. Figures go to stdout and to
 * {@code --json FILE}; logs (WARN and above) to stderr. docs/benchmarks.md has the commands, what
 * each measures, and the latest figures.
 */
@Command(
    name = "sluice bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: pipeline throughput, alert latency, state memory, JMH.",
    subcommands = {PipelineBench.class, LatencyBench.class, StateBench.class, JmhCommand.class})
public final class BenchCli {
  private BenchCli() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new BenchCli())
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              cmd.getErr().println("sluice bench: " + e);
              e.printStackTrace(cmd.getErr());
              return 1;
            });
  }
}
