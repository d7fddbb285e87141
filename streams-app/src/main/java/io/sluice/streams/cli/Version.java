package io.sluice.streams.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The build version from the jar manifest ({@code Implementation-Version}, written by the build
 * from the pom), or "dev" when run from classes.
 */
public final class Version implements IVersionProvider {
  /** Makes {@code --version} print the build version on every command, not only the top one. */
  public static void applyToEverySubcommand(picocli.CommandLine cli) {
    cli.getCommandSpec().versionProvider(new Version());
    cli.getSubcommands().values().forEach(Version::applyToEverySubcommand);
  }

  public static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"sluice " + current()};
  }
}
