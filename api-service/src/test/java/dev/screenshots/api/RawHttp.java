package dev.screenshots.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import dev.screenshots.testsupport.ApiClient;

/**
 * Sends HTTP/1.1 requests byte for byte, for hostile requests a regular client refuses to
 * send (control characters in headers, raw paths, bodies that contradict their headers).
 */
final class RawHttp {

	private final String host;

	private final int port;

	RawHttp(String host, int port) {
		this.host = host;
		this.port = port;
	}

	ApiClient.Response send(String method, String path, Map<String, String> headers, String body) {
		// multipart bodies carry binary parts as ISO-8859-1 text, one char per byte
		boolean multipart = headers.getOrDefault("Content-Type", "").startsWith("multipart/");
		byte[] payload = (body != null)
				? body.getBytes(multipart ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8) : new byte[0];
		StringBuilder request = new StringBuilder().append(method)
			.append(' ')
			.append(path)
			.append(" HTTP/1.1\r\nHost: ")
			.append(this.host)
			.append(':')
			.append(this.port)
			.append("\r\nConnection: close\r\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		if (body != null) {
			request.append("Content-Length: ").append(payload.length).append("\r\n");
		}
		request.append("\r\n");
		try (Socket socket = new Socket(this.host, this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.write(payload);
			out.flush();
			return parse(socket.getInputStream().readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static ApiClient.Response parse(byte[] raw) throws IOException {
		String text = new String(raw, StandardCharsets.ISO_8859_1);
		int headEnd = text.indexOf("\r\n\r\n");
		String[] lines = text.substring(0, headEnd).split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		String contentType = "";
		String location = null;
		String retryAfter = null;
		boolean chunked = false;
		for (String line : lines) {
			String lower = line.toLowerCase(Locale.ROOT);
			if (lower.startsWith("content-type:")) {
				contentType = line.substring(13).strip();
			}
			else if (lower.startsWith("location:")) {
				location = line.substring(9).strip();
			}
			else if (lower.startsWith("retry-after:")) {
				retryAfter = line.substring(12).strip();
			}
			else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
				chunked = true;
			}
		}
		byte[] body = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
		return new ApiClient.Response(status, contentType, location, chunked ? dechunk(body) : body, retryAfter);
	}

	private static byte[] dechunk(byte[] body) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		InputStream in = new java.io.ByteArrayInputStream(body);
		while (true) {
			StringBuilder size = new StringBuilder();
			int c;
			while ((c = in.read()) >= 0 && c != '\n') {
				if (c != '\r') {
					size.append((char) c);
				}
			}
			int length = Integer.parseInt(size.toString().split(";")[0].strip(), 16);
			if (length == 0) {
				return out.toByteArray();
			}
			out.write(in.readNBytes(length));
			in.read();
			in.read();
		}
	}

}
