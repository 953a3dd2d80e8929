package dev.screenshots.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback that a test can cut, to take a dependency away from one service
 * without stopping the shared server: {@link #cut()} closes every open connection and
 * closes new ones as soon as they are accepted (the client sees the server hang up);
 * {@link #restore()} forwards again.
 */
public final class TcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final String targetHost;

	private final int targetPort;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	private volatile boolean closed;

	private TcpProxy(ServerSocket server, String targetHost, int targetPort) {
		this.server = server;
		this.targetHost = targetHost;
		this.targetPort = targetPort;
	}

	/**
	 * Starts a proxy to a target.
	 * @param targetHost the target host
	 * @param targetPort the target port
	 * @return the running proxy
	 */
	public static TcpProxy to(String targetHost, int targetPort) {
		try {
			ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
			TcpProxy proxy = new TcpProxy(server, targetHost, targetPort);
			Thread.ofVirtual().name("tcp-proxy-" + server.getLocalPort()).start(proxy::acceptLoop);
			return proxy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Cuts the connection: closes open connections and refuses new ones until
	 * {@link #restore()}.
	 */
	public void cut() {
		this.cut = true;
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	public void restore() {
		this.cut = false;
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				if (this.cut) {
					client.setSoLinger(true, 0);
					closeQuietly(client);
					continue;
				}
				Thread.ofVirtual().start(() -> connect(client));
			}
			catch (IOException ex) {
				if (!this.closed) {
					JavaProcess.sleep(java.time.Duration.ofMillis(10));
				}
			}
		}
	}

	private void connect(Socket client) {
		Socket upstream = new Socket();
		try {
			upstream.connect(new InetSocketAddress(this.targetHost, this.targetPort), 5_000);
		}
		catch (IOException ex) {
			closeQuietly(client);
			closeQuietly(upstream);
			return;
		}
		this.sockets.add(client);
		this.sockets.add(upstream);
		Thread.ofVirtual().start(() -> pump(client, upstream));
		Thread.ofVirtual().start(() -> pump(upstream, client));
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				out.write(buffer, 0, n);
				out.flush();
			}
		}
		catch (IOException ex) {
			// one side went away
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
			this.sockets.remove(from);
			this.sockets.remove(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	@Override
	public void close() {
		this.closed = true;
		cut();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
