package io.sluice.schemas.serde;

import org.apache.avro.generic.GenericFixed;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Tells Avro that the classes generated from Sluice's own schemas may be instantiated.
 *
 * <p>Since 1.12.2 Avro instantiates only trusted classes when it resolves a schema name to a Java
 * class, which {@link org.apache.avro.specific.SpecificDatumReader} does for every record it reads;
 * out of the box only {@code java.lang} wrappers are trusted, so reading any generated record fails
 * with "Forbidden io.sluice.schemas.…". The serdes install this on first use so that no deployment
 * has to remember the {@code org.apache.avro.SERIALIZABLE_PACKAGES} system property. Trust is
 * narrow: generated records, enums and fixed types in package {@value #GENERATED_PACKAGE} exactly,
 * added to whatever was trusted before.
 */
public final class GeneratedClassTrust {

  /** Package the avro-maven-plugin generates Sluice's classes into. */
  public static final String GENERATED_PACKAGE = "io.sluice.schemas";

  private static boolean installed;

  private GeneratedClassTrust() {}

  /** Adds Sluice's generated classes to Avro's global trust; later calls do nothing. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(previous, GeneratedClassTrust::isGenerated));
    installed = true;
  }

  static boolean isGenerated(Class<?> type) {
    return GENERATED_PACKAGE.equals(type.getPackageName())
        && (SpecificRecord.class.isAssignableFrom(type)
            || type.isEnum()
            || GenericFixed.class.isAssignableFrom(type));
  }
}
