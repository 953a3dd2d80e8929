package dev.screenshots.worker.system;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The worker itself ({@code capture.worker.*}).
 *
 * @param id this worker's id, recorded on every job it claims; empty means
 * {@code <hostname>-<pid>}
 */
@Validated
@ConfigurationProperties("capture.worker")
public record WorkerProperties(@Size(max = 200) String id) {

	public WorkerProperties {
		if (id == null || id.isBlank()) {
			id = hostname() + "-" + ProcessHandle.current().pid();
		}
	}

	private static String hostname() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "worker";
		}
	}

}
