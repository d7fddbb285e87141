package io.sluice.streams.normalize.mimecast.ttpurl;

import java.util.Locale;
import java.util.Map;

/**
 * The TTP URL {@code creationMethod} table: which log entries are user clicks. Only "User Click" is
 * a click; entry scans are not; anything else is not read as a click and its value is kept.
 */
final class TtpUrlClicks {
  private static final Map<String, Boolean> CREATION_METHODS =
      Map.of("user click", true, "entry scan", false);

  private TtpUrlClicks() {}

  /** Whether the method is a click; null when the table does not know the value. */
  static Boolean isClick(String creationMethod) {
    return creationMethod == null
        ? null
        : CREATION_METHODS.get(creationMethod.strip().toLowerCase(Locale.ROOT));
  }
}
