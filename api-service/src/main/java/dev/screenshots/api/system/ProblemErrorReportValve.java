package dev.screenshots.api.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Replaces Tomcat's HTML error page for errors Tomcat answers itself, before any servlet
 * runs (e.g. a URI with an encoded NUL or an encoded slash): those get the same
 * problem-details JSON as everything else. Nothing from the request is echoed.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String slug = (status == 400) ? "bad-request" : (status == 404) ? "not-found" : "http-" + status;
		String title = (status < 500) ? "Bad request" : "Internal error";
		String json = "{\"type\":\"/problems/" + slug + "\",\"title\":\"" + title + "\",\"status\":" + status
				+ ",\"detail\":\"The request was rejected before it reached the API\",\"code\":\""
				+ ((status < 500) ? "BAD_REQUEST" : "INTERNAL_ERROR") + "\"}";
		try {
			byte[] body = json.getBytes(StandardCharsets.US_ASCII);
			response.setContentType("application/problem+json");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
			response.finishResponse();
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away
		}
	}

}
