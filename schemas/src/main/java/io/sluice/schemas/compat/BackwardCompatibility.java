package io.sluice.schemas.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaParser;

/**
 * Checks that a new version of a schema can read everything written with the released one
 * (BACKWARD), and says which field breaks it when it cannot.
 *
 * <p>Consumers of Sluice topics upgrade before producers, so every change must be BACKWARD
 * compatible; the build runs this against {@code src/main/avro-released} so that a breaking change
 * fails {@code mvn verify} rather than a consumer in production. Avro's own report locates a
 * problem as a JSON pointer ({@code /fields/14/type}); this class turns it into a field path
 * ({@code Alert.event_count}) that a reviewer can read.
 */
public final class BackwardCompatibility {

  private static final String SCHEMA_SUFFIX = ".avsc";
  private static final String COMMON_DIR = "common";

  private BackwardCompatibility() {}

  /** Outcome of one check: compatible, or the list of problems, each naming a field. */
  public record Result(String schemaName, boolean compatible, List<String> problems) {

    public Result {
      problems = List.copyOf(problems);
    }

    /** One line for a test failure or a log: {@code Alert: COMPATIBLE} or the problems. */
    public String describe() {
      return compatible
          ? schemaName + ": COMPATIBLE"
          : schemaName + ": INCOMPATIBLE: " + String.join("; ", problems);
    }
  }

  /** Can {@code newSchema}, as reader, read data written with {@code oldSchema}? */
  public static Result check(Schema newSchema, Schema oldSchema) {
    SchemaCompatibility.SchemaPairCompatibility pair =
        SchemaCompatibility.checkReaderWriterCompatibility(newSchema, oldSchema);
    if (pair.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return new Result(newSchema.getFullName(), true, List.of());
    }
    List<String> problems = new ArrayList<>();
    for (Incompatibility incompatibility : pair.getResult().getIncompatibilities()) {
      problems.add(describe(incompatibility, newSchema));
    }
    return new Result(newSchema.getFullName(), false, problems);
  }

  /**
   * Checks every schema under {@code currentDir} against its copy under {@code releasedDir}, keyed
   * by relative path; a schema without a released copy is new and passes.
   */
  public static List<Result> checkDirectories(Path currentDir, Path releasedDir) {
    Map<String, Schema> current = parseDirectory(currentDir);
    Map<String, Schema> released =
        Files.isDirectory(releasedDir) ? parseDirectory(releasedDir) : Map.of();
    List<Result> results = new ArrayList<>();
    current.forEach(
        (file, schema) -> {
          Schema old = released.get(file);
          results.add(
              old == null ? new Result(schema.getFullName(), true, List.of()) : check(schema, old));
        });
    return results;
  }

  /**
   * Parses every {@code .avsc} under {@code dir}, keyed by path relative to it ({@code Alert.avsc},
   * {@code common/User.avsc}).
   *
   * <p>Avro's {@link SchemaParser} resolves named references after all files are read, so the
   * common types may refer to each other in any order; they are still read first because a field
   * default (an enum symbol) is validated as soon as its field is read.
   */
  public static Map<String, Schema> parseDirectory(Path dir) {
    SchemaParser parser = new SchemaParser();
    Map<String, SchemaParser.ParseResult> parsed = new LinkedHashMap<>();
    for (Path file : schemaFiles(dir)) {
      String key = dir.relativize(file).toString().replace('\\', '/');
      try {
        parsed.put(key, parser.parse(file));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read schema " + file, e);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "Cannot parse schema " + file + ": " + e.getMessage(), e);
      }
    }
    Map<String, Schema> schemas = new LinkedHashMap<>();
    // mainSchema() resolves named references against everything parsed so far, i.e. all files
    parsed.forEach((key, result) -> schemas.put(key, result.mainSchema()));
    return schemas;
  }

  private static List<Path> schemaFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> file.getFileName().toString().endsWith(SCHEMA_SUFFIX))
          .sorted(
              (a, b) -> {
                int commonFirst = Boolean.compare(!isCommon(dir, a), !isCommon(dir, b));
                return commonFirst != 0 ? commonFirst : a.compareTo(b);
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list schemas under " + dir, e);
    }
  }

  private static boolean isCommon(Path dir, Path file) {
    return dir.relativize(file).startsWith(COMMON_DIR);
  }

  private static String describe(Incompatibility incompatibility, Schema reader) {
    return incompatibility.getType()
        + " at "
        + fieldPath(reader, incompatibility.getLocation())
        + ": "
        + incompatibility.getMessage();
  }

  /**
   * Turns Avro's JSON pointer into the reader's field names, e.g. {@code /fields/3/type/items} into
   * {@code Alert.evidence[]}. Tokens that do not name a field are kept as they are.
   */
  static String fieldPath(Schema reader, String location) {
    StringBuilder path = new StringBuilder(reader.getName());
    Schema schema = reader;
    String[] tokens = location.split("/");
    for (int i = 1; i < tokens.length; i++) {
      String token = tokens[i];
      if ("fields".equals(token)
          && i + 1 < tokens.length
          && schema != null
          && schema.getType() == Schema.Type.RECORD) {
        int index = Integer.parseInt(tokens[++i]);
        Schema.Field field = schema.getFields().get(index);
        path.append('.').append(field.name());
        schema = field.schema();
        if (i + 1 < tokens.length && "type".equals(tokens[i + 1])) {
          i++;
        }
      } else if ("items".equals(token) && schema != null && schema.getType() == Schema.Type.ARRAY) {
        path.append("[]");
        schema = schema.getElementType();
      } else if ("values".equals(token) && schema != null && schema.getType() == Schema.Type.MAP) {
        path.append("{}");
        schema = schema.getValueType();
      } else if (schema != null
          && schema.getType() == Schema.Type.UNION
          && token.chars().allMatch(Character::isDigit)) {
        schema = schema.getTypes().get(Integer.parseInt(token));
        path.append('<').append(schema.getName()).append('>');
      } else {
        path.append('/').append(token);
        schema = null;
      }
    }
    return path.toString();
  }
}
