package io.sluice.sandbox.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds loopback ports that are free right now, so that several harness instances (and other builds
 * on the same machine) never fight over fixed ports.
 *
 * <p>A port found here can still be taken by someone else before the server binds it; callers retry
 * with fresh ports when binding fails (see {@link #isBindFailure(Throwable)}).
 */
public final class FreePorts {

  private FreePorts() {}

  /** Returns {@code count} distinct ports that were free on 127.0.0.1 a moment ago. */
  public static int[] pick(int count) {
    // All sockets stay open until every port is known, so the kernel cannot hand out one twice.
    List<ServerSocket> sockets = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not find a free port on 127.0.0.1", e);
    } finally {
      for (ServerSocket socket : sockets) {
        release(socket);
      }
    }
  }

  /** True when {@code failure} or one of its causes says that a port was already in use. */
  static boolean isBindFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && message.contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  private static void release(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not release probe socket " + socket, e);
    }
  }
}
