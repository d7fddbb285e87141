package io.sluice.streams.replay;

import java.io.ByteArrayOutputStream;

/**
 * Encodes a Java string to bytes like UTF-8, except that an unpaired surrogate is written as its
 * own three-byte sequence instead of being replaced by '?'. That keeps {@code "value_text":
 * "\ud800"} in a replay file meaning "these exact, invalid UTF-8 bytes", so malformed input can be
 * written down in a JSON-lines file.
 */
final class Wtf8 {
  private Wtf8() {}

  static byte[] encode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int cp;
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        cp = Character.toCodePoint(c, text.charAt(i + 1));
        i += 2;
      } else {
        cp = c;
        i++;
      }
      if (cp < 0x80) {
        out.write(cp);
      } else if (cp < 0x800) {
        out.write(0xC0 | (cp >> 6));
        out.write(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        out.write(0xE0 | (cp >> 12));
        out.write(0x80 | ((cp >> 6) & 0x3F));
        out.write(0x80 | (cp & 0x3F));
      } else {
        out.write(0xF0 | (cp >> 18));
        out.write(0x80 | ((cp >> 12) & 0x3F));
        out.write(0x80 | ((cp >> 6) & 0x3F));
        out.write(0x80 | (cp & 0x3F));
      }
    }
    return out.toByteArray();
  }
}
