package io.sluice.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs with defaults; enough for a benchmark main. */
final class Args {
  private final Map<String, String> values = new HashMap<>();

  Args(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      values.put(args[i].substring(2), args[++i]);
    }
  }

  int integer(String name, int fallback) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : fallback;
  }

  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }
}
