package io.sluice.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code --endpoints-file} writes once everything is up, so that scripts find what runs: the
 * broker, the registry, the streams app's HTTP server and every {@code /metrics} (demo only), and
 * the simulators by vendor.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Endpoints(
    @JsonProperty("bootstrap_servers") String bootstrapServers,
    @JsonProperty("schema_registry_url") String schemaRegistryUrl,
    @JsonProperty("ui_url") String uiUrl,
    @JsonProperty("metrics_urls") List<String> metricsUrls,
    @JsonProperty("simulators") Map<String, String> simulators) {

  /** Written to a sibling file, then moved into place: a reader never sees half of it. */
  void writeTo(Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(partial.toFile(), this);
    Files.move(
        partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The simulators' base URLs by vendor, without a trailing slash. */
  static Map<String, String> simulatorUrls(DemoScenario scenario) {
    Map<String, String> urls = new LinkedHashMap<>();
    scenario
        .simulators()
        .forEach((name, s) -> urls.put(name, s.baseUrl().toString().replaceFirst("/$", "")));
    return urls;
  }
}
