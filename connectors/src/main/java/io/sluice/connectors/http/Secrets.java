package io.sluice.connectors.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads secrets the way docs/design.md §7 allows: from environment variable {@code NAME}, or from
 * the file named by {@code NAME_FILE} (a mounted Kubernetes/Docker secret). Nothing else: never
 * from a properties file or a flag, which end up in shell history and config repositories.
 */
public final class Secrets {
  private final Map<String, String> env;

  public Secrets(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** The secret in {@code NAME} or in the file {@code NAME_FILE} names; empty when neither. */
  public Optional<Secret> find(String name) {
    String direct = env.get(name);
    String file = env.get(name + "_FILE");
    if (direct != null && file != null) {
      throw new SecretException(
          "Both " + name + " and " + name + "_FILE are set; set only one of them");
    }
    if (direct != null) {
      if (direct.isBlank()) {
        throw new SecretException(name + " is set but empty");
      }
      return Optional.of(Secret.of(direct));
    }
    if (file != null) {
      return Optional.of(readFile(name + "_FILE", Path.of(file)));
    }
    return Optional.empty();
  }

  /** Like {@link #find} but missing is an error that names both variables. */
  public Secret require(String name, String whatFor) {
    return find(name)
        .orElseThrow(
            () ->
                new SecretException(
                    "No " + whatFor + ": set " + name + " or " + name + "_FILE (path to a file)"));
  }

  /** The non-secret identifiers that go with a secret (e.g. an OAuth2 client id). */
  public Optional<String> plain(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }

  private static Secret readFile(String variable, Path path) {
    String content;
    try {
      content = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // The path is configuration, not the secret, so it may be shown.
      throw new SecretException(
          "Cannot read " + variable + " file " + path + ": " + e.getClass().getSimpleName());
    }
    String value = content.strip();
    if (value.isEmpty()) {
      throw new SecretException(variable + " file " + path + " is empty");
    }
    return Secret.of(value);
  }

  /** A missing or unreadable secret: a configuration problem. */
  public static final class SecretException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SecretException(String message) {
      super(message);
    }
  }
}
