package io.sluice.streams.errors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes that cannot be read go to the DLQ (Kafka Streams' own handler); a registry that cannot be
 * reached stops the thread instead, so the record is read again once it answers (docs/design.md
 * §7).
 */
public final class OutageAwareDeserializationHandler extends LogAndContinueExceptionHandler {
  private static final Logger LOG =
      LoggerFactory.getLogger(OutageAwareDeserializationHandler.class);

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    var outage = Outage.of(exception);
    if (outage.isPresent()) {
      LOG.warn(
          "cannot read a record of {}-{} at offset {} while the {} is unreachable; not committing"
              + " past it: {}",
          context.topic(),
          context.partition(),
          context.offset(),
          outage.get().dependency().label(),
          outage.get().detail());
      return Response.fail();
    }
    return super.handleError(context, record, exception);
  }
}
