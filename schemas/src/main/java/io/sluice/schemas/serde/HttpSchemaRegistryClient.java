package io.sluice.schemas.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks the Confluent schema registry REST protocol over {@code java.net.http}, so the same client
 * works against Confluent Schema Registry, Apicurio Registry ({@code /apis/ccompat/v7}), Karapace
 * and Redpanda without Confluent's client library, which is not on Maven Central.
 *
 * <p>Errors become {@link SchemaRegistryException}s that name the request (method and URL without
 * credentials), the HTTP status, the registry's {@code error_code} and its message. Credentials
 * come from {@code basic.auth.user.info} or the URL's user info and go only into the {@code
 * Authorization} header. The client does not cache; {@link SchemaRegistryClients#forUrl} puts a
 * {@link CachingSchemaRegistryClient} in front of it.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

  /** Media type of the Confluent REST protocol, version 1. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger log = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY_IN_MESSAGE = 300;

  // Registries that match schemas by text (Apicurio) then find a schema another tool registered
  // with different whitespace or attribute order; Confluent and Karapace accept it as well.
  private static final String NORMALIZE = "?normalize=true";

  private final URI baseUri;
  private final Optional<String> authorization;
  private final Duration requestTimeout;
  private final HttpClient http;

  /**
   * A client for {@code url}, configured by the {@link SerdeConfig} keys in {@code config}
   * (credentials and timeouts; the URL key itself is not read).
   */
  public HttpSchemaRegistryClient(String url, Map<String, ?> config) {
    this(url, new SerdeConfig(config));
  }

  HttpSchemaRegistryClient(String url, SerdeConfig config) {
    this(
        url,
        config.basicAuthUserInfo(),
        config.connectTimeout(),
        config.requestTimeout(),
        RegistryTls.sslContext(config));
  }

  /**
   * A client for {@code url} ({@code http(s)://[user:password@]host:port[/path]}).
   *
   * @param basicAuthUserInfo {@code user:password}; when empty, the URL's user info, if any
   */
  public HttpSchemaRegistryClient(
      String url,
      Optional<String> basicAuthUserInfo,
      Duration connectTimeout,
      Duration requestTimeout) {
    this(url, basicAuthUserInfo, connectTimeout, requestTimeout, Optional.empty());
  }

  private HttpSchemaRegistryClient(
      String url,
      Optional<String> basicAuthUserInfo,
      Duration connectTimeout,
      Duration requestTimeout,
      Optional<javax.net.ssl.SSLContext> tls) {
    URI parsed = parseUrl(url);
    this.baseUri = withoutUserInfo(parsed);
    Optional<String> userInfo =
        basicAuthUserInfo.or(
            () ->
                Optional.ofNullable(parsed.getRawUserInfo())
                    .map(raw -> URLDecoder.decode(raw, StandardCharsets.UTF_8)));
    this.authorization = userInfo.map(HttpSchemaRegistryClient::basicAuthorization);
    this.requestTimeout = requestTimeout;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NORMAL);
    tls.ifPresent(builder::sslContext);
    this.http = builder.build();
  }

  /** The registry base URL, without credentials. */
  public URI baseUri() {
    return baseUri;
  }

  @Override
  public int register(String subject, Schema schema) {
    String path = "/subjects/" + encode(subject) + "/versions";
    String action = "registering " + schema.getFullName() + " under subject '" + subject + "'";
    JsonNode response = send("POST", path, NORMALIZE, schemaBody(schema), action);
    int id = requireId(response, "POST", path);
    log.info(
        "Registered schema {} under subject {} as id {} at {}",
        schema.getFullName(),
        subject,
        id,
        baseUri);
    return id;
  }

  @Override
  public Schema getById(int id) {
    String path = "/schemas/ids/" + id;
    JsonNode response = send("GET", path, "", null, "fetching schema id " + id);
    JsonNode text = response.get("schema");
    if (text == null || !text.isTextual()) {
      throw unexpected("GET", path, "no \"schema\" field");
    }
    try {
      return new Schema.Parser().parse(text.asText());
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException(
          "Schema registry returned schema id "
              + id
              + " that is not a valid Avro schema (GET "
              + display(path)
              + "): "
              + e.getMessage(),
          200,
          SchemaRegistryException.NONE,
          fullPath(path),
          e);
    }
  }

  @Override
  public OptionalInt lookupId(String subject, Schema schema) {
    String path = "/subjects/" + encode(subject);
    String action = "looking up " + schema.getFullName() + " under subject '" + subject + "'";
    try {
      return OptionalInt.of(
          requireId(send("POST", path, NORMALIZE, schemaBody(schema), action), "POST", path));
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
          || e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
        return OptionalInt.empty();
      }
      throw e;
    }
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    String path = "/config/" + encode(subject);
    ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
    send("PUT", path, "", body, "setting " + level + " compatibility on subject '" + subject + "'");
  }

  @Override
  public boolean subjectExists(String subject) {
    String path = "/subjects/" + encode(subject) + "/versions";
    try {
      JsonNode versions =
          send("GET", path, "", null, "listing versions of subject '" + subject + "'");
      return versions.isArray() && !versions.isEmpty();
    } catch (SchemaRegistryException e) {
      if (e.isNotFound()) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void checkReachable() {
    send("GET", "/subjects", "", null, "listing subjects");
  }

  private JsonNode send(String method, String path, String query, JsonNode body, String action) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUri + path + query))
            .timeout(requestTimeout)
            .header("Accept", CONTENT_TYPE + ", application/json");
    authorization.ifPresent(value -> request.header("Authorization", value));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", CONTENT_TYPE)
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new SchemaRegistryException(
          "Schema registry did not answer "
              + action
              + " within "
              + requestTimeout.toMillis()
              + " ms ("
              + method
              + " "
              + display(path)
              + "); raise "
              + SerdeConfig.REQUEST_TIMEOUT_MS
              + " or check the registry",
          SchemaRegistryException.NONE,
          SchemaRegistryException.NONE,
          fullPath(path),
          e);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          "Schema registry could not be reached "
              + action
              + " ("
              + method
              + " "
              + display(path)
              + "): "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          SchemaRegistryException.NONE,
          SchemaRegistryException.NONE,
          fullPath(path),
          e);
    } catch (InterruptedException e) {
      throw new InterruptException(e);
    }
    if (response.statusCode() / 100 != 2) {
      throw error(method, path, action, response);
    }
    try {
      return JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw unexpected(method, path, "body is not JSON: " + abbreviate(response.body()));
    }
  }

  private SchemaRegistryException error(
      String method, String path, String action, HttpResponse<String> response) {
    int status = response.statusCode();
    int errorCode = SchemaRegistryException.NONE;
    String registryMessage;
    try {
      JsonNode body = JSON.readTree(response.body());
      errorCode = body.path("error_code").asInt(SchemaRegistryException.NONE);
      if (errorCode <= 0) {
        // Apicurio sends error_code 0 for errors outside the Confluent API (e.g. HTTP 415)
        errorCode = SchemaRegistryException.NONE;
      }
      registryMessage = body.path("message").asText(abbreviate(response.body()));
    } catch (JsonProcessingException e) {
      registryMessage = abbreviate(response.body());
    }
    String request =
        " (HTTP "
            + status
            + (errorCode == SchemaRegistryException.NONE ? "" : ", error_code " + errorCode)
            + ", "
            + method
            + " "
            + display(path)
            + "): "
            + registryMessage;
    if (status == 409 || errorCode == SchemaRegistryException.INCOMPATIBLE_SCHEMA) {
      return new IncompatibleSchemaException(
          "Schema registry rejected "
              + action
              + " as incompatible with an earlier version under the subject's compatibility rule"
              + request,
          status,
          errorCode,
          fullPath(path));
    }
    String reason =
        switch (status) {
          case 401, 403 ->
              authorization.isPresent()
                  ? " failed: credentials refused, check " + SerdeConfig.BASIC_AUTH_USER_INFO
                  : " failed: authentication required, set " + SerdeConfig.BASIC_AUTH_USER_INFO;
          case 404 ->
              errorCode == SchemaRegistryException.NONE
                  ? " failed: not found; is "
                      + SerdeConfig.SCHEMA_REGISTRY_URL
                      + " right? (Apicurio serves this API under /apis/ccompat/v7)"
                  : " failed: not found";
          default -> " failed";
        };
    return new SchemaRegistryException(
        "Schema registry " + action + reason + request, status, errorCode, fullPath(path));
  }

  private SchemaRegistryException unexpected(String method, String path, String what) {
    return new SchemaRegistryException(
        "Schema registry gave an unexpected answer to "
            + method
            + " "
            + display(path)
            + ": "
            + what,
        200,
        SchemaRegistryException.NONE,
        fullPath(path));
  }

  private int requireId(JsonNode response, String method, String path) {
    JsonNode id = response.get("id");
    if (id == null || !id.canConvertToInt()) {
      throw unexpected(method, path, "no integer \"id\" in " + abbreviate(response.toString()));
    }
    return id.asInt();
  }

  private static ObjectNode schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString());
  }

  private String display(String path) {
    return baseUri + path;
  }

  private String fullPath(String path) {
    return (baseUri.getRawPath() == null ? "" : baseUri.getRawPath()) + path;
  }

  private static String encode(String pathSegment) {
    return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String abbreviate(String body) {
    String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
    return flat.length() <= MAX_BODY_IN_MESSAGE
        ? flat
        : flat.substring(0, MAX_BODY_IN_MESSAGE) + "...";
  }

  private static String basicAuthorization(String userInfo) {
    if (userInfo.indexOf(':') < 0) {
      throw new IllegalArgumentException(
          SerdeConfig.BASIC_AUTH_USER_INFO + " must have the form user:password");
    }
    return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  // the URL may carry a password: never echo it in an exception
  private static URI parseUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "Invalid " + SerdeConfig.SCHEMA_REGISTRY_URL + " at index " + e.getIndex());
    }
    String scheme = uri.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(
          "HTTP schema registry URL must use http or https, not '" + scheme + "'");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(
          "Invalid " + SerdeConfig.SCHEMA_REGISTRY_URL + ": no host in " + scheme + " URL");
    }
    return uri;
  }

  private static URI withoutUserInfo(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return URI.create(
        uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + port + path);
  }
}
