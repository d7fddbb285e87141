package io.sluice.streams.errors;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DefaultProductionExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Kafka Streams' default, except that a record whose value cannot be serialised because of an
 * outage or a deployment problem always fails the thread (never resumes past it), whatever the
 * default would do with it.
 */
public final class OutageAwareProductionHandler extends DefaultProductionExceptionHandler {
  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    if (Outage.isDeploymentProblem(exception)) {
      return Response.fail();
    }
    return super.handleSerializationError(context, record, exception, origin);
  }
}
