package io.sluice.deploy;

import io.sluice.connectors.config.ConnectorConfig;
import io.sluice.connectors.core.ConnectorFactory;
import io.sluice.streams.config.SluiceConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which environment variables each runnable reads, from its config code: the streams app's declared
 * settings ({@link SluiceConfig#readsEnvironmentVariable}); a connector's general settings, its
 * vendor's settings and secret variables (the {@code public static final String} constants of its
 * factory: keys contain a dot, secret names end in {@code _ENV}).
 */
final class Environment {
  private static final Map<String, ConnectorFactory> FACTORIES = new TreeMap<>();

  static {
    ServiceLoader.load(ConnectorFactory.class).forEach(f -> FACTORIES.put(f.name(), f));
  }

  private Environment() {}

  static Set<String> connectorNames() {
    return FACTORIES.keySet();
  }

  static boolean streamsReads(String name) {
    return SluiceConfig.readsEnvironmentVariable(name);
  }

  /** Whether {@code connector <name>} reads variable {@code variable}. */
  static boolean connectorReads(String connector, String variable) {
    ConnectorFactory factory = FACTORIES.get(connector);
    if (factory == null) {
      return false;
    }
    if (ConnectorConfig.NOT_SETTINGS.contains(variable)) {
      return true;
    }
    Set<String> keys = new HashSet<>(ConnectorConfig.GENERAL_KEYS);
    Set<String> secrets = new HashSet<>();
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = factory.getClass(); c != null; c = c.getSuperclass()) {
      fields.addAll(List.of(c.getDeclaredFields()));
    }
    for (Field field : fields) {
      int mods = field.getModifiers();
      if (Modifier.isStatic(mods) && Modifier.isFinal(mods) && field.getType() == String.class) {
        try {
          field.setAccessible(true);
          String value = (String) field.get(null);
          if (field.getName().endsWith("_ENV")) {
            secrets.add(value);
            secrets.add(value + "_FILE");
          } else if (value.contains(".") && !value.contains("://")) {
            keys.add(value);
          }
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    keys.addAll(factory.defaults().keySet());
    if (secrets.contains(variable)) {
      return true;
    }
    Optional<String> key = ConnectorConfig.keyOfEnvironmentName(variable);
    return key.isPresent() && (keys.contains(key.get()) || key.get().startsWith("kafka."));
  }
}
