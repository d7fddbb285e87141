package io.sluice.schemas.serde;

/**
 * The registry refused a schema because it breaks the subject's compatibility rule (HTTP 409).
 *
 * <p>A distinct type because the fix is in the schema, not in the registry or the network: callers
 * and tests can tell "you changed the schema in a breaking way" from "the registry is down".
 */
public class IncompatibleSchemaException extends SchemaRegistryException {

  private static final long serialVersionUID = 1L;

  public IncompatibleSchemaException(String message, int status, int errorCode, String path) {
    super(message, status, errorCode, path);
  }
}
