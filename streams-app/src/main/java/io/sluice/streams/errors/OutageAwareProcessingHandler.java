package io.sluice.streams.errors;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An unexpected exception in a processor sends its record to the DLQ (Kafka Streams' own handler),
 * unless the exception is an outage or a deployment problem (a write to a canonical or alert topic
 * whose schema the registry cannot take): then the thread stops and the record is processed again
 * once the cause is gone, never dead-lettered.
 */
public final class OutageAwareProcessingHandler extends LogAndContinueProcessingExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(OutageAwareProcessingHandler.class);

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (Outage.isDeploymentProblem(exception)) {
      LOG.warn(
          "processor {} cannot finish a record of {}-{} at offset {}; not committing past it: {}",
          context.processorNodeId(),
          context.topic(),
          context.partition(),
          context.offset(),
          rootMessage(exception));
      return Response.fail();
    }
    return super.handleError(context, record, exception);
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
