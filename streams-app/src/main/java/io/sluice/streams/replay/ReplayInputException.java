package io.sluice.streams.replay;

/** A replay input line is malformed; the message starts with its line number. */
public final class ReplayInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int line;

  public ReplayInputException(int line, String message) {
    super("line " + line + ": " + message);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
