package io.sluice.streams.cli;

import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.replay.Backtest;
import io.sluice.streams.replay.Expectations;
import io.sluice.streams.replay.Expectations.Expectation;
import io.sluice.streams.topology.TopologyOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice rules test DIR --input FILE}: the backtest. Runs the rules of a directory (with the
 * built-in pack unless {@code --no-builtin}) over saved logs, as {@code replay} does, prints every
 * alert, and exits 1 when an expectation written next to the rules is not met, so rule authors test
 * correlations in CI (docs/rules.md, "Testing a rule").
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Backtest: run rules over saved logs, print what fired, check the expectations.",
      "Runs the rules of DIR (Sluice and Sigma files, plus the built-in pack) over saved logs in",
      "replay's input format and checks the expectations (expect: in a rule, or a sidecar",
      "<file>.expect.yml).",
      "Exit 0 when every expectation holds, 1 when one does not, 2 for a bad rule, expectation",
      "or input line."
    })
public final class RulesTestCommand implements Callable<Integer> {
  public static final int NOT_MET = 1;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "Directory of rule files (*.yaml, *.yml).")
  Path directory;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "Saved logs, one JSON line per record as for ./sluice replay; '-' reads stdin.")
  String input;

  @Option(names = "--no-builtin", description = "Run only the rules of DIR, not the built-in pack.")
  boolean noBuiltin;

  @Override
  public Integer call() throws IOException {
    RuleLoader loader = new RuleLoader();
    Map<String, String> own = loader.directory(directory);
    Map<String, String> files = new LinkedHashMap<>(noBuiltin ? Map.of() : loader.builtins());
    files.putAll(own);
    List<Rule> rules = loader.validate(files);
    List<Expectation> expectations = Expectations.read(own, Expectations.sidecars(directory));
    if (!"-".equals(input) && !Files.isRegularFile(Path.of(input))) {
      throw new ParameterException(spec.commandLine(), "--input: no such file: " + input);
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (BufferedReader reader =
        "-".equals(input)
            ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
      Backtest.Result result =
          new Backtest(FeedMappers.all(), rules, TopologyOptions.defaults())
              .run(reader, expectations);
      Backtest.print(result, out);
      return result.passed() ? 0 : NOT_MET;
    } finally {
      out.flush();
    }
  }
}
