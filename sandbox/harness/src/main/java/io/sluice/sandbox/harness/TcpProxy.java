package io.sluice.sandbox.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP relay on a loopback port in front of a real server, that a test can cut and restore: an
 * outage of the server as its clients see it (connections refused, open ones reset) while the
 * server itself, and what it stores, lives on. Used to take the schema registry away from the
 * streams app mid-run without losing the registry's schemas.
 */
public final class TcpProxy implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TcpProxy.class);
  private static final String HOST = "127.0.0.1";

  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private ServerSocket listener;

  private TcpProxy(String targetHost, int targetPort, int port) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.port = port;
  }

  /** A relay to {@code targetHost:targetPort}, listening on a free loopback port. */
  public static TcpProxy start(String targetHost, int targetPort) {
    TcpProxy proxy = new TcpProxy(targetHost, targetPort, FreePorts.pick(1)[0]);
    proxy.restore();
    return proxy;
  }

  public int port() {
    return port;
  }

  /** Stops relaying: open connections are closed and new ones refused until {@link #restore}. */
  public synchronized void cut() {
    closeQuietly(listener);
    listener = null;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
    log.info("Proxy on {} to {}:{} cut", port, targetHost, targetPort);
  }

  /** Accepts and relays connections again, on the same port. */
  public synchronized void restore() {
    if (listener != null) {
      return;
    }
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
      listener = socket;
      Thread accept = new Thread(() -> accept(socket), "sluice-proxy-" + port);
      accept.setDaemon(true);
      accept.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + HOST + ":" + port, e);
    }
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket server = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        if (!socket.isClosed()) {
          log.debug("proxy accept failed", e);
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side closed: close the other
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "sluice-proxy-pump-" + port);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      log.debug("close failed", e);
    }
  }

  @Override
  public void close() {
    cut();
  }
}
