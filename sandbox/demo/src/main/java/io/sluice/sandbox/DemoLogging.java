package io.sluice.sandbox;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Quiet logs for the demo: the launcher's logback configuration is the streams app's (INFO), which
 * would bury the alert lines under start-up chatter of a broker, nine connectors and a streams app.
 * Warnings of Sluice's own code stay; Kafka's only from ERROR. {@code SLUICE_LOG_LEVEL} (the
 * variable the shared configuration reads) turns this off.
 */
final class DemoLogging {
  private static final String STATUS_LISTENER = "logback.statusListenerClass";

  private DemoLogging() {}

  /**
   * Called first in {@code main}, before any logger exists: the runnable's class path holds two
   * {@code logback.xml} (the streams app's, which wins as the first, and the connectors'), and
   * logback reports that on stdout, which is for alert lines. A listener set by the operator wins.
   */
  static void silenceLogbackStatus() {
    if (System.getProperty(STATUS_LISTENER) == null) {
      System.setProperty(STATUS_LISTENER, "ch.qos.logback.core.status.NopStatusListener");
    }
  }

  static void quiet() {
    if (System.getenv("SLUICE_LOG_LEVEL") != null) {
      return;
    }
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      return; // another SLF4J binding: its own configuration decides
    }
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    for (String kafka :
        new String[] {
          "org.apache.kafka",
          "org.apache.kafka.streams.KafkaStreams",
          "kafka",
          "state.change.logger"
        }) {
      context.getLogger(kafka).setLevel(Level.ERROR);
    }
    // Under load the in-process broker rejects a transactional batch with a retriable
    // OutOfOrderSequenceException (transactions v2, KAFKA-18202) and logs it at ERROR with a stack
    // trace; the producer retries and nothing is lost (the summary's counts show it).
    context.getLogger("kafka.server.ReplicaManager").setLevel(Level.OFF);
  }
}
