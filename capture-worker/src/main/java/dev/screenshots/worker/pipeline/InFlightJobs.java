package dev.screenshots.worker.pipeline;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.screenshots.model.job.JobStatus;

/**
 * The jobs this worker is running right now and the status each is in: the heartbeat
 * renews their leases, and a shutdown hands back those that did not finish.
 */
@Component
public class InFlightJobs {

	private final Map<UUID, Entry> jobs = new ConcurrentHashMap<>();

	/**
	 * A running job and its current status.
	 *
	 * @param job the job
	 * @param status its status
	 */
	public record Entry(ClaimedJob job, JobStatus status) {
	}

	/**
	 * Records a job claimed by this worker.
	 * @param job the job
	 */
	public void started(ClaimedJob job) {
		this.jobs.put(job.id(), new Entry(job, JobStatus.PROCESSING));
	}

	void moved(ClaimedJob job, JobStatus status) {
		this.jobs.computeIfPresent(job.id(), (id, entry) -> new Entry(job, status));
	}

	/**
	 * Forgets a job whose delivery is settled.
	 * @param job the job
	 */
	public void finished(ClaimedJob job) {
		this.jobs.remove(job.id());
	}

	public List<Entry> snapshot() {
		return List.copyOf(this.jobs.values());
	}

	public List<UUID> ids() {
		return List.copyOf(this.jobs.keySet());
	}

	public boolean isEmpty() {
		return this.jobs.isEmpty();
	}

}
