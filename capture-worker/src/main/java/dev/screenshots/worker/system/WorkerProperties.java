package dev.screenshots.worker.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The worker itself ({@code capture.worker.*}).
 *
 * @param id this worker's id, recorded on every job it claims; empty means
 * {@code <hostname>-<pid>}
 * @param lease how long a claim holds without renewal; the heartbeat renews it for
 * running jobs, so it only runs out when the worker stops heartbeating
 * @param heartbeatInterval how often the worker records that it is alive and renews its
 * leases
 * @param reaperInterval how often the worker looks for jobs whose lease ran out
 * @param shutdownGrace how long in-flight jobs may take to finish on shutdown before they
 * are handed back to the queue
 * @param heapHeadroom how much the serial collector's old generation may hold above its
 * live data before the worker asks for a full collection
 * ({@link OldGenerationCollector}); 0 leaves it to the JVM, which collects it only at
 * {@code -Xmx}
 */
@Validated
@ConfigurationProperties("capture.worker")
public record WorkerProperties(@Size(max = 200) String id, @DefaultValue("30s") @NotNull Duration lease,
		@DefaultValue("5s") @NotNull Duration heartbeatInterval, @DefaultValue("10s") @NotNull Duration reaperInterval,
		@DefaultValue("30s") @NotNull Duration shutdownGrace, @DefaultValue("64MB") @NotNull DataSize heapHeadroom) {

	public WorkerProperties {
		if (id == null || id.isBlank()) {
			id = hostname() + "-" + ProcessHandle.current().pid();
		}
		if (lease != null && heartbeatInterval != null && lease.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException(
					"capture.worker.lease (" + lease + ") must be at least twice capture.worker.heartbeat-interval ("
							+ heartbeatInterval + "), or live workers lose their jobs between heartbeats");
		}
		if (heapHeadroom != null && heapHeadroom.isNegative()) {
			throw new IllegalArgumentException(
					"capture.worker.heap-headroom (" + heapHeadroom + ") must not be negative");
		}
	}

	/**
	 * The host name, for the workers table.
	 * @return the local host name
	 */
	public static String hostname() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "worker";
		}
	}

}
