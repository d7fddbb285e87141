package io.sluice.streams.cli;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.streams.app.StreamsApp;
import io.sluice.streams.config.SluiceConfig;
import io.sluice.streams.detect.RuleLoader;
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
    // before anything else: no registry means no start, never a silent in-memory one
    config.schemaRegistryUrl();
    // the pack and the directory first, so that a bad file stops start-up before Kafka is asked
    new RuleLoader().load(config.rulesDirectory());
    LOG.info("starting Sluice streams app {}; config {}", Version.current(), config);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    StreamsApp app = StreamsApp.startServingLiveRules(config, registry);
    LOG.info(
        "running {} rules (built-in pack, rules.dir and sluice.rules)", app.rules().all().size());
    LOG.info(
        "risk API on port {}, metrics and health on port {} (advertised as {})",
        app.httpPort(),
        app.managementPort(),
        config.httpHost());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnSignal(app), "sluice-shutdown"));
    app.awaitStop();
    if (app.failed()) {
      LOG.error(
          "Kafka Streams stopped in state ERROR; exiting with status 1 (see the errors above)");
      app.close();
      return 1;
    }
    app.close();
    return 0;
  }

  /**
   * SIGTERM or Ctrl-C: close cleanly (commit, checkpoint, leave the group), then end the JVM with 0
   * — a stop that was asked for and went well — instead of the 143 the JVM reports after a signal.
   * {@code halt} is needed because {@code exit} cannot change the status once the JVM is already
   * shutting down.
   */
  private static void stopOnSignal(StreamsApp app) {
    boolean failed = app.failed();
    boolean clean = app.closeCleanly();
    LOG.info(clean ? "stopped cleanly" : "stopped, but Kafka Streams did not finish in time");
    Runtime.getRuntime().halt(failed ? 1 : clean ? 0 : 1);
  }
}
