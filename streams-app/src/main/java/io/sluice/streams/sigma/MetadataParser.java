package io.sluice.streams.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.schemas.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and checks the attributes every Sigma rule document shares. */
final class MetadataParser {
  private static final Set<String> STATUSES =
      Set.of("stable", "test", "experimental", "deprecated", "unsupported");
  private static final Map<String, Severity> LEVELS =
      Map.of(
          "informational", Severity.INFORMATIONAL,
          "low", Severity.LOW,
          "medium", Severity.MEDIUM,
          "high", Severity.HIGH,
          "critical", Severity.CRITICAL);
  private static final Pattern TECHNIQUE =
      Pattern.compile("attack\\.(t\\d{4}(?:\\.\\d{3})?)", Pattern.CASE_INSENSITIVE);

  private MetadataParser() {}

  /** The label a rule has in messages: its id, else its title, else its place in the file. */
  static String label(JsonNode doc, int index) {
    for (String key : List.of("id", "title", "name")) {
      JsonNode value = doc.get(key);
      if (value != null && value.isValueNode() && !value.isNull() && !value.asText().isBlank()) {
        return value.asText().strip();
      }
    }
    return "#" + index;
  }

  static SigmaMetadata parse(JsonNode doc, String origin, Problems problems) {
    Optional<String> title = YamlValues.text(doc, "title", "title", problems);
    if (title.isEmpty() && isBlank(doc.get("title"))) {
      problems.add("title", "is required");
    }
    Optional<String> sigmaId = identifier(doc, "id", problems);
    Optional<String> name = identifier(doc, "name", problems);
    if (sigmaId.isEmpty() && name.isEmpty() && isBlank(doc.get("id")) && isBlank(doc.get("name"))) {
      problems.add(
          "id", "is required (alerts and state are filed by it; a rule with a name may omit it)");
    }
    Optional<String> status = YamlValues.text(doc, "status", "status", problems);
    if (status.isPresent() && !STATUSES.contains(status.get())) {
      problems.add(
          "status",
          "unknown status '"
              + status.get()
              + "' (stable, test, experimental, deprecated, unsupported)");
    }
    Optional<Severity> level = Optional.empty();
    Optional<String> levelText = YamlValues.text(doc, "level", "level", problems);
    if (levelText.isPresent()) {
      level = Optional.ofNullable(LEVELS.get(levelText.get().toLowerCase(Locale.ROOT)));
      if (level.isEmpty()) {
        problems.add(
            "level",
            "unknown level '" + levelText.get() + "' (informational, low, medium, high, critical)");
      }
    }
    List<String> tags = YamlValues.texts(doc, "tags", "tags", problems);
    return new SigmaMetadata(
        sigmaId.or(() -> name).orElse(""),
        name,
        title.orElse(""),
        status,
        YamlValues.text(doc, "description", "description", problems),
        YamlValues.text(doc, "author", "author", problems),
        YamlValues.text(doc, "license", "license", problems),
        YamlValues.text(doc, "date", "date", problems),
        YamlValues.text(doc, "modified", "modified", problems),
        YamlValues.texts(doc, "references", "references", problems),
        YamlValues.texts(doc, "falsepositives", "falsepositives", problems),
        level,
        tags,
        techniques(tags),
        origin);
  }

  private static boolean isBlank(JsonNode value) {
    return value == null || value.isNull() || (value.isValueNode() && value.asText().isBlank());
  }

  private static Optional<String> identifier(JsonNode doc, String key, Problems problems) {
    Optional<String> value = YamlValues.text(doc, key, key, problems);
    if (value.isPresent() && !YamlValues.IDENTIFIER.matcher(value.get()).matches()) {
      problems.add(
          key,
          "'"
              + value.get()
              + "' is not usable as an identifier (letters, digits and . _ : -, at most 128; a"
              + " UUID is usual)");
      return Optional.empty();
    }
    return value;
  }

  static List<String> techniques(List<String> tags) {
    List<String> out = new ArrayList<>();
    for (String tag : tags) {
      Matcher m = TECHNIQUE.matcher(tag.strip());
      if (m.matches()) {
        String id = m.group(1).toUpperCase(Locale.ROOT);
        if (!out.contains(id)) {
          out.add(id);
        }
      }
    }
    return List.copyOf(out);
  }
}
