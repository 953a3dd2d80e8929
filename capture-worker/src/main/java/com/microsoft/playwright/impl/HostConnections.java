package com.microsoft.playwright.impl;

import java.io.IOException;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.PlaywrightException;

/**
 * Connects Playwright for Java straight to a Playwright server (the browser host), over a
 * {@link Transport} the worker provides, without a local driver in between.
 *
 * <p>
 * Playwright for Java always starts a driver (a Node process) and relays a remote
 * browser's messages through it ({@code BrowserType.connect}); its API has no other way.
 * On the worker that driver costs about 100 MiB per browser slot and parses and writes
 * every message, screenshots included, a second time (docs/performance.md, "The browser
 * host's relay"). The server speaks the same protocol as the driver, so the client's own
 * connection can speak to it directly: this class does what
 * {@code BrowserTypeImpl.connect} does once its driver has opened the socket, and lives
 * in Playwright's package because the connection's constructor is package-private.
 * Without a local driver there is no {@code LocalUtils}, and what needs it fails with a
 * {@code NullPointerException}: URL patterns given as globs (routes, {@code waitForURL},
 * {@code waitForRequest} and {@code waitForResponse}, {@code unroute},
 * {@code frameByUrl}, {@code routeWebSocket}; use predicates), tracing, HAR recording and
 * replay, and {@code devices()}. Written against Playwright for Java 1.62; the worker's
 * tests run every capture through it, so a Playwright upgrade that changes these
 * internals fails the build's tests.
 */
public final class HostConnections {

	private HostConnections() {
	}

	/**
	 * Opens the Playwright connection over the transport and returns the browser the
	 * server launched for it.
	 * @param transport an open transport to the server, for this browser only
	 * @return the browser; closing it closes the transport
	 * @throws PlaywrightException when the server launched no browser or the transport
	 * closed (the transport is closed then)
	 */
	public static Browser connect(Transport transport) {
		Connection connection = new Connection(transport, Map.of(), null);
		boolean connected = false;
		try {
			PlaywrightImpl playwright = connection.initializePlaywright();
			if (!playwright.initializer.has("preLaunchedBrowser")) {
				throw new PlaywrightException("The browser host launched no browser for the connection");
			}
			BrowserImpl browser = connection.getExistingObject(
					playwright.initializer.getAsJsonObject("preLaunchedBrowser").get("guid").getAsString());
			browser.isConnectedOverWebSocket = true;
			browser.connectToBrowserType(playwright.chromium(), null);
			connected = true;
			return browser;
		}
		finally {
			if (!connected) {
				closeQuietly(transport);
			}
		}
	}

	private static void closeQuietly(Transport transport) {
		try {
			transport.close();
		}
		catch (IOException ex) {
			// the failure that brought us here is the one to report
		}
	}

	/**
	 * Tells the browser its connection is gone: its pages and contexts close, and it
	 * reports itself disconnected, as a driver's connection would on the browser host's
	 * closing the socket. To be called on the thread that uses the browser.
	 * @param browser a browser from {@link #connect}
	 */
	public static void disconnected(Browser browser) {
		((BrowserImpl) browser).notifyRemoteClosed();
	}

}
