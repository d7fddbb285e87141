package io.sluice.streams.cli;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.streams.app.StreamsApp;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.Rule;
import io.sluice.streams.detect.RuleLoader;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice streams}: runs the streams app until stopped. */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description = "Run the streams app (normalise, detect, alert, user risk and its HTTP API).")
public final class StreamsCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(StreamsCommand.class);

  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    SluiceConfig config = options.load();
    List<Rule> rules = new RuleLoader().load(config.rulesDirectory());
    LOG.info(
        "starting Sluice streams app {} with {} rules; config {}",
        Version.current(),
        rules.size(),
        config);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    try (StreamsApp app = StreamsApp.startServing(config, rules, registry)) {
      LOG.info(
          "metrics, health and risk API on port {} (advertised as {})",
          app.httpPort(),
          config.httpHost());
      Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sluice-shutdown"));
      app.awaitStop();
      if (app.failed()) {
        LOG.error(
            "Kafka Streams stopped in state ERROR; exiting with status 1 (see the errors above)");
        return 1;
      }
    }
    return 0;
  }
}
