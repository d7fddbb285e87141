package io.sluice.schemas.serde;

import io.sluice.schemas.compat.BackwardCompatibility;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A registry held in this JVM, for {@code mem://<scope>} URLs: the embedded sandbox and unit tests
 * get the real protocol semantics without a registry process.
 *
 * <p>All clients of one scope share one registry, so a serializer and a deserializer configured
 * separately with the same URL see the same ids, as they would against a real registry. It behaves
 * like Confluent's: ids are global across subjects, a schema already known (by its Avro JSON form,
 * which ignores whitespace and attribute order but keeps docs and defaults) keeps its id, and
 * subjects default to BACKWARD compatibility.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

  /** URL scheme this client serves. */
  public static final String SCHEME = "mem";

  private static final Map<String, Registry> SCOPES = new ConcurrentHashMap<>();

  private final String scope;

  /** A client of the registry named {@code scope}, created on first use. */
  public InMemorySchemaRegistryClient(String scope) {
    if (scope == null || scope.isBlank()) {
      throw new IllegalArgumentException("In-memory schema registry scope must not be blank");
    }
    this.scope = scope;
  }

  /** A client for {@code mem://<scope>}. */
  public static InMemorySchemaRegistryClient forUrl(String url) {
    String prefix = SCHEME + "://";
    if (url == null || !url.regionMatches(true, 0, prefix, 0, prefix.length())) {
      throw new IllegalArgumentException(
          "In-memory schema registry URL must look like mem://<scope>, got: " + url);
    }
    return new InMemorySchemaRegistryClient(url.substring(prefix.length()));
  }

  /**
   * Forgets every schema of {@code scope}, for test isolation. Clients keep their caches: build new
   * serdes after a reset, or ids from before it will point at nothing (or at other schemas).
   */
  public static void reset(String scope) {
    SCOPES.remove(scope);
  }

  /** The scope this client works in. */
  public String scope() {
    return scope;
  }

  @Override
  public int register(String subject, Schema schema) {
    return registry().register(subject, schema);
  }

  @Override
  public Schema getById(int id) {
    return registry().getById(id);
  }

  @Override
  public OptionalInt lookupId(String subject, Schema schema) {
    return registry().lookupId(subject, schema);
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    registry().setCompatibility(subject, level);
  }

  @Override
  public boolean subjectExists(String subject) {
    return registry().subjectExists(subject);
  }

  /** The subject's compatibility rule (BACKWARD unless set), for tests. */
  public CompatibilityLevel compatibility(String subject) {
    return registry().compatibility(subject);
  }

  // looked up on each call so that a client outlives a reset of its scope
  private Registry registry() {
    return SCOPES.computeIfAbsent(scope, ignored -> new Registry());
  }

  /** One scope's state; calls are rare (clients cache), so one lock is enough. */
  private static final class Registry {
    private final Map<String, Integer> idsBySchemaJson = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> levelsBySubject = new HashMap<>();
    private int nextId = 1;

    synchronized int register(String subject, Schema schema) {
      String json = schema.toString();
      List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
      Integer known = idsBySchemaJson.get(json);
      if (known != null && versions.contains(known)) {
        return known;
      }
      checkCompatibility(subject, schema, versions);
      int id = known != null ? known : nextId++;
      idsBySchemaJson.put(json, id);
      schemasById.put(id, schema);
      versions.add(id);
      return id;
    }

    synchronized Schema getById(int id) {
      Schema schema = schemasById.get(id);
      if (schema == null) {
        throw new SchemaRegistryException(
            "Schema " + id + " not found (in-memory registry)",
            404,
            SchemaRegistryException.SCHEMA_NOT_FOUND,
            "/schemas/ids/" + id);
      }
      return schema;
    }

    synchronized OptionalInt lookupId(String subject, Schema schema) {
      Integer id = idsBySchemaJson.get(schema.toString());
      List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
      return id != null && versions.contains(id) ? OptionalInt.of(id) : OptionalInt.empty();
    }

    synchronized boolean subjectExists(String subject) {
      return !versionsBySubject.getOrDefault(subject, List.of()).isEmpty();
    }

    synchronized CompatibilityLevel compatibility(String subject) {
      return levelsBySubject.getOrDefault(subject, CompatibilityLevel.BACKWARD);
    }

    synchronized void setCompatibility(String subject, CompatibilityLevel level) {
      levelsBySubject.put(subject, level);
    }

    private void checkCompatibility(String subject, Schema schema, List<Integer> versions) {
      if (versions.isEmpty()) {
        return;
      }
      CompatibilityLevel level = levelsBySubject.getOrDefault(subject, CompatibilityLevel.BACKWARD);
      boolean transitive = level.name().endsWith("_TRANSITIVE");
      List<Integer> against = transitive ? versions : List.of(versions.get(versions.size() - 1));
      List<String> problems = new ArrayList<>();
      for (int id : against) {
        Schema earlier = schemasById.get(id);
        if (level != CompatibilityLevel.NONE && !level.name().startsWith("FORWARD")) {
          problems.addAll(BackwardCompatibility.check(schema, earlier).problems());
        }
        if (level.name().startsWith("FORWARD") || level.name().startsWith("FULL")) {
          problems.addAll(BackwardCompatibility.check(earlier, schema).problems());
        }
      }
      if (!problems.isEmpty()) {
        String path = "/subjects/" + subject + "/versions";
        throw new IncompatibleSchemaException(
            "Schema "
                + schema.getFullName()
                + " is incompatible with an earlier schema of subject '"
                + subject
                + "' under "
                + level
                + " compatibility (in-memory registry, POST "
                + path
                + "): "
                + String.join("; ", problems),
            409,
            SchemaRegistryException.INCOMPATIBLE_SCHEMA,
            path);
      }
    }
  }
}
