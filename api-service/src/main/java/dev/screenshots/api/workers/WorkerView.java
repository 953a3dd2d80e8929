package dev.screenshots.api.workers;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A capture-worker process as the fleet table records it.
 *
 * @param id the worker id
 * @param host its host
 * @param pid its process id
 * @param status {@code idle}, {@code busy} or {@code offline}
 * @param poolSize its browser slots
 * @param busySlots slots running a job at the last heartbeat
 * @param currentJobs the jobs it runs
 * @param startedAt when it started
 * @param lastHeartbeatAt its last heartbeat
 * @param stoppedAt when it stopped, if it did so cleanly
 */
record WorkerView(String id, String host, long pid, String status, int poolSize, int busySlots, List<UUID> currentJobs,
		Instant startedAt, Instant lastHeartbeatAt, Instant stoppedAt) {
}
