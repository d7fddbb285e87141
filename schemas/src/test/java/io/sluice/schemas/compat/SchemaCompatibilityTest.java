package io.sluice.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's guard against breaking consumers: every schema under {@code src/main/avro} must read
 * data written with its released copy under {@code src/main/avro-released} (BACKWARD).
 */
class SchemaCompatibilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Path CURRENT = directory("sluice.schemas.current", "src/main/avro");
  private static final Path RELEASED =
      directory("sluice.schemas.released", "src/main/avro-released");

  @TestFactory
  Stream<DynamicTest> everySchemaShouldBeBackwardCompatibleWithItsReleasedCopy() {
    return BackwardCompatibility.checkDirectories(CURRENT, RELEASED).stream()
        .map(
            result ->
                DynamicTest.dynamicTest(
                    result.schemaName(),
                    () ->
                        assertThat(result.compatible())
                            .as(
                                "%s is not BACKWARD compatible with its released copy: %s",
                                result.schemaName(), result.describe())
                            .isTrue()));
  }

  @Test
  void shouldCheckEverySchemaFileIncludingTheCommonTypes() {
    Map<String, Schema> current = BackwardCompatibility.parseDirectory(CURRENT);

    assertThat(current)
        .containsKeys(
            "Alert.avsc", "AuthenticationEvent.avsc", "UserRisk.avsc", "common/User.avsc");
    assertThat(current.get("AuthenticationEvent.avsc").getField("metadata").schema().getFullName())
        .isEqualTo("io.sluice.schemas.EventMetadata");
    assertThat(BackwardCompatibility.checkDirectories(CURRENT, RELEASED)).hasSize(current.size());
  }

  @Test
  void shouldCatchARequiredFieldAddedWithoutDefault() throws IOException {
    Schema released = releasedAlert();
    ObjectNode changed = (ObjectNode) JSON.readTree(released.toString());
    ((ArrayNode) changed.get("fields"))
        .addObject()
        .put("name", "ticket_id")
        .put("type", "string")
        .put("doc", "Case-management ticket.");

    BackwardCompatibility.Result result = BackwardCompatibility.check(parse(changed), released);

    assertThat(result.compatible()).isFalse();
    assertThat(result.describe())
        .startsWith("io.sluice.schemas.Alert: INCOMPATIBLE")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
        .contains("Alert.ticket_id");
  }

  @Test
  void shouldCatchAFieldWhoseTypeChanged() throws IOException {
    Schema released = releasedAlert();
    ObjectNode changed = (ObjectNode) JSON.readTree(released.toString());
    for (var field : changed.get("fields")) {
      if ("event_count".equals(field.get("name").asText())) {
        ((ObjectNode) field).put("type", "string");
      }
    }

    BackwardCompatibility.Result result = BackwardCompatibility.check(parse(changed), released);

    assertThat(result.compatible()).isFalse();
    assertThat(result.describe()).contains("TYPE_MISMATCH").contains("Alert.event_count");
  }

  @Test
  void shouldAcceptAFieldAddedWithADefault() throws IOException {
    Schema released = releasedAlert();
    ObjectNode changed = (ObjectNode) JSON.readTree(released.toString());
    ((ArrayNode) changed.get("fields"))
        .addObject()
        .put("name", "ticket_id")
        .putNull("default")
        .putArray("type")
        .add("null")
        .add("string");

    assertThat(BackwardCompatibility.check(parse(changed), released).compatible()).isTrue();
  }

  @Test
  void shouldFailTheDirectoryCheckForABrokenSchemaAndPassANewOne(@TempDir Path temp)
      throws IOException {
    Path current = Files.createDirectories(temp.resolve("avro"));
    Path releasedDir = Files.createDirectories(temp.resolve("avro-released"));
    String v1 =
        "{\"type\":\"record\",\"name\":\"Risk\",\"namespace\":\"io.sluice.test\",\"fields\":["
            + "{\"name\":\"user\",\"type\":\"string\"}]}";
    String v2 =
        "{\"type\":\"record\",\"name\":\"Risk\",\"namespace\":\"io.sluice.test\",\"fields\":["
            + "{\"name\":\"user\",\"type\":\"string\"},{\"name\":\"score\",\"type\":\"double\"}]}";
    String brandNew =
        "{\"type\":\"record\",\"name\":\"Fresh\",\"namespace\":\"io.sluice.test\",\"fields\":[]}";
    Files.writeString(releasedDir.resolve("Risk.avsc"), v1);
    Files.writeString(current.resolve("Risk.avsc"), v2);
    Files.writeString(current.resolve("Fresh.avsc"), brandNew);

    var results = BackwardCompatibility.checkDirectories(current, releasedDir);

    assertThat(results)
        .extracting(BackwardCompatibility.Result::describe)
        .containsExactlyInAnyOrder(
            "io.sluice.test.Fresh: COMPATIBLE",
            "io.sluice.test.Risk: INCOMPATIBLE: READER_FIELD_MISSING_DEFAULT_VALUE at Risk.score:"
                + " score");
  }

  private static Schema releasedAlert() {
    return BackwardCompatibility.parseDirectory(RELEASED).get("Alert.avsc");
  }

  private static Schema parse(ObjectNode schema) {
    return new Schema.Parser().parse(schema.toString());
  }

  private static Path directory(String property, String fallback) {
    return Path.of(System.getProperty(property, fallback));
  }
}
