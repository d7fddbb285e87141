package io.sluice.sandbox.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and certificates signed by it, made with the JDK's own {@code
 * keytool} for one test run: a server certificate for 127.0.0.1 / localhost and a client
 * certificate, each in a PKCS12 key store, and a trust store holding the CA. Nothing is reused
 * between runs and no key leaves the temporary directory.
 */
public final class TestCertificates {
  private final Path dir;
  private final String password;

  private TestCertificates(Path dir, String password) {
    this.dir = dir;
    this.password = password;
  }

  /** Generates the CA, {@code server.p12}, {@code client.p12} and {@code truststore.p12}. */
  public static TestCertificates generate(Path dir) {
    String password = "pw-" + Long.toHexString(System.nanoTime());
    TestCertificates certs = new TestCertificates(dir, password);
    certs.keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-dname",
        "CN=Sluice test CA",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-ext",
        "bc:c",
        "-keystore",
        "ca.p12");
    certs.keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
    certs.keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        "ca.pem",
        "-keystore",
        "truststore.p12");
    certs.signed("server", "CN=localhost", "SAN=ip:127.0.0.1,dns:localhost");
    certs.signed("client", "CN=sluice-client", null);
    return certs;
  }

  private void signed(String name, String dname, String san) {
    String store = name + ".p12";
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-dname",
        dname,
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-keystore",
        store);
    keytool("-certreq", "-alias", name, "-keystore", store, "-file", name + ".csr");
    List<String> gencert =
        new ArrayList<>(
            List.of(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-infile",
                name + ".csr",
                "-outfile",
                name + ".pem",
                "-rfc",
                "-validity",
                "2"));
    if (san != null) {
      gencert.addAll(List.of("-ext", san));
    }
    keytool(gencert.toArray(String[]::new));
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", store);
    keytool("-importcert", "-alias", name, "-file", name + ".pem", "-keystore", store);
  }

  private void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", password));
    if (List.of(args).contains("-genkeypair")) {
      command.addAll(List.of("-keypass", password));
    }
    try {
      Path log = Files.createTempFile(dir, "keytool", ".log");
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool " + args[0] + " failed: " + Files.readString(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Key store (PKCS12) with the 127.0.0.1 / localhost server certificate and the CA. */
  public Path serverKeystore() {
    return dir.resolve("server.p12");
  }

  /** Key store (PKCS12) with a client certificate signed by the CA. */
  public Path clientKeystore() {
    return dir.resolve("client.p12");
  }

  /** Trust store (PKCS12) holding only the CA. */
  public Path truststore() {
    return dir.resolve("truststore.p12");
  }

  /** The password of every store and key. */
  public String password() {
    return password;
  }
}
