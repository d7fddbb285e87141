package io.sluice.streams.cli;

import io.sluice.streams.config.Settings;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
import io.sluice.streams.normalize.FeedMappers;
import io.sluice.streams.replay.Replay;
import io.sluice.streams.topology.TopologyOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sluice replay}: the production topology over a JSON-lines file, no broker needed. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Run the production topology (TopologyTestDriver, no broker) over a JSON-lines file and",
      "print every output record as one JSON line. See docs/replay.md."
    })
public final class ReplayCommand implements Callable<Integer> {
  @Option(
      names = "--input",
      required = true,
      paramLabel = "FILE",
      description = "JSON-lines input; '-' reads standard input.")
  String input;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "Directory of operator rule files (*.yaml).")
  Path rules;

  @Option(
      names = "--vip",
      paramLabel = "FILE",
      description = "VIP users for the replay: one e-mail address per line.")
  Path vips;

  @Option(
      names = "--identity-default-domain",
      paramLabel = "DOMAIN",
      description = "Domain for bare account names, as identity.default-domain does.")
  String identityDefaultDomain;

  @Override
  public Integer call() throws Exception {
    var loaded = new RuleLoader().load(Optional.ofNullable(rules));
    if (identityDefaultDomain != null) {
      // the same check as the streams app's configuration
      SluiceConfig.load(
          Optional.empty(),
          java.util.Map.of(),
          java.util.Map.of(Settings.IDENTITY_DEFAULT_DOMAIN, identityDefaultDomain));
    }
    TopologyOptions options =
        TopologyOptions.defaults().withIdentityDefaultDomain(identityDefaultDomain);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (Replay replay = new Replay(FeedMappers.all(), loaded, options);
        BufferedReader reader =
            "-".equals(input)
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
      if (vips != null) {
        try (BufferedReader addresses = Files.newBufferedReader(vips, StandardCharsets.UTF_8)) {
          replay.loadVips(addresses);
        }
      }
      replay.run(reader, out);
    } finally {
      out.flush();
    }
    return 0;
  }
}
