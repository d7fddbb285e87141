package io.sluice.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema registry call failed: the registry answered with an error, or could not be reached.
 *
 * <p>It is a {@link SerializationException} so that Kafka clients and Kafka Streams treat it like
 * any other serde failure (deserialization and production exception handlers see it). It carries
 * what an operator needs to act — HTTP status, the registry's {@code error_code}, its message and
 * the request path — and never credentials: the message is built from the path alone, not from the
 * URL, which may carry user info.
 */
public class SchemaRegistryException extends SerializationException {

  private static final long serialVersionUID = 1L;

  /** {@link #status()} or {@link #errorCode()} when the registry gave none. */
  public static final int NONE = -1;

  /** Confluent error code: subject not found. */
  public static final int SUBJECT_NOT_FOUND = 40401;

  /** Confluent error code: version not found. */
  public static final int VERSION_NOT_FOUND = 40402;

  /** Confluent error code: schema not found. */
  public static final int SCHEMA_NOT_FOUND = 40403;

  /** Confluent error code (and HTTP status) for an incompatible schema. */
  public static final int INCOMPATIBLE_SCHEMA = 409;

  private final int status;
  private final int errorCode;
  private final String path;

  public SchemaRegistryException(String message, int status, int errorCode, String path) {
    this(message, status, errorCode, path, null);
  }

  public SchemaRegistryException(
      String message, int status, int errorCode, String path, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.errorCode = errorCode;
    this.path = path;
  }

  /** HTTP status of the registry's answer, or {@link #NONE} when there was no answer. */
  public int status() {
    return status;
  }

  /** The registry's {@code error_code}, or {@link #NONE} when its body carried none. */
  public int errorCode() {
    return errorCode;
  }

  /** Path of the failed request, e.g. {@code /subjects/alerts.auth-value/versions}. */
  public String path() {
    return path;
  }

  /**
   * True when the registry could not do its job rather than refusing this request: no answer (a
   * timeout, a refused connection), a server error (5xx), throttling (429) or refused credentials
   * (401/403). None of these is the fault of the record being (de)serialised, so Sluice treats them
   * as an outage: the record is retried once the registry answers, never dead-lettered.
   */
  public boolean isOutage() {
    return status == NONE
        || status >= 500
        || status == 408
        || status == 429
        || status == 401
        || status == 403;
  }

  /** True when the registry does not know the subject, version or schema asked for. */
  public boolean isNotFound() {
    return status == 404
        || errorCode == SUBJECT_NOT_FOUND
        || errorCode == VERSION_NOT_FOUND
        || errorCode == SCHEMA_NOT_FOUND;
  }
}
