package io.sluice.bench;

import io.sluice.sandbox.harness.ApicurioRegistry;
import java.util.Locale;

/**
 * The schema registry of a load run's app instances. Instances read each other's records
 * (repartition and canonical topics), so they must give one schema one id: two or more share one
 * registry, as in production, either the user's ({@code --schema-registry-url}) or a real Apicurio
 * Registry that the bench starts as a child process for the run. A single instance keeps the
 * in-memory registry of its own JVM, as every one-instance figure in docs/benchmarks.md was
 * measured, so that new figures stay comparable with them.
 */
final class BenchRegistry implements AutoCloseable {
  static final String IN_MEMORY_URL = "mem://bench";

  /** Where the registry comes from. */
  enum Source {
    /** {@link #IN_MEMORY_URL}: each worker JVM has its own, which only one instance may use. */
    IN_MEMORY,
    /** The URL the user gave. */
    GIVEN,
    /** An Apicurio Registry the bench starts, and stops at the end. */
    APICURIO
  }

  private final String url;
  private final ApicurioRegistry apicurio;

  private BenchRegistry(String url, ApicurioRegistry apicurio) {
    this.url = url;
    this.apicurio = apicurio;
  }

  /**
   * The registry choice for {@code instances} app instances and the user's URL (or null), without
   * starting anything.
   *
   * @throws IllegalArgumentException for an in-memory URL with several instances: each JVM would
   *     have its own, and the instances could not read each other's records
   */
  static Source choose(int instances, String givenUrl) {
    if (givenUrl == null) {
      return instances > 1 ? Source.APICURIO : Source.IN_MEMORY;
    }
    if (instances > 1 && givenUrl.toLowerCase(Locale.ROOT).startsWith("mem://")) {
      throw new IllegalArgumentException(
          "--schema-registry-url "
              + givenUrl
              + " with --instances "
              + instances
              + ": an in-memory registry lives in one JVM, and each instance has its own; give"
              + " an http(s) registry, or none and the bench starts one");
    }
    return Source.GIVEN;
  }

  /** Starts the registry that {@code source} names (only Apicurio needs starting). */
  static BenchRegistry open(Source source, String givenUrl) {
    return switch (source) {
      case IN_MEMORY -> new BenchRegistry(IN_MEMORY_URL, null);
      case GIVEN -> new BenchRegistry(givenUrl, null);
      case APICURIO -> {
        long start = System.nanoTime();
        ApicurioRegistry registry = ApicurioRegistry.start();
        System.out.printf(
            Locale.ROOT,
            "schema registry: Apicurio Registry %s on %s, shared by the app instances (started in"
                + " %.1f s)%n",
            ApicurioRegistry.VERSION,
            registry.url(),
            (System.nanoTime() - start) / 1e9);
        yield new BenchRegistry(registry.url(), registry);
      }
    };
  }

  /** The app's {@code schema.registry.url}. */
  String url() {
    return url;
  }

  @Override
  public void close() {
    if (apicurio != null) {
      apicurio.close();
    }
  }
}
